package io.sparkgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkgate.api.v1beta2.ApplicationStateType;
import io.sparkgate.api.v1beta2.SecretType;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkApplicationType;
import io.sparkgate.api.v1beta2.SparkRole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SparkApplicationModelTest {

    static SparkApplication example(String file) throws IOException {
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        return Json.read(Files.readString(root.resolve("examples").resolve(file)), SparkApplication.class);
    }

    @Test
    void readsKubeflowSparkPiExample() throws IOException {
        SparkApplication app = example("spark-pi.yaml");
        assertThat(app.getMetadata().getName()).isEqualTo("spark-pi");
        assertThat(app.getSpec().type()).isEqualTo(SparkApplicationType.Scala);
        assertThat(app.getSpec().driver().memory()).isEqualTo("512m");
        assertThat(app.getSpec().executor().instances()).isEqualTo(2);
        assertThat(app.getSpec().arguments()).containsExactly("1000");
        assertThat(app.getSpec().volumes()).isEmpty();
        assertThat(app.getStatus()).isNull();
    }

    @Test
    void readsRoleSpecificFields() throws IOException {
        SparkApplication app = example("etl-daily.yaml");
        assertThat(app.getSpec().role(SparkRole.DRIVER).secrets().get(0).secretType())
                .isEqualTo(SecretType.GCPServiceAccount);
        assertThat(app.getSpec().driver().envSecretKeyRefs().get("DB_PASSWORD").key()).isEqualTo("password");
        assertThat(app.getSpec().executor().volumeMounts()).hasSize(1);
        assertThat(app.getSpec().volumes().get(0).getPersistentVolumeClaim().getClaimName()).isEqualTo("etl-data");
    }

    @Test
    void roundTripsWithoutAddingEmptyFields() throws IOException {
        SparkApplication app = example("spark-pi.yaml");
        String json = Json.write(app);
        assertThat(json).doesNotContain("\"volumes\"").doesNotContain("null").doesNotContain("\"status\"");
        SparkApplication again = Json.read(json, SparkApplication.class);
        assertThat(Json.write(again)).isEqualTo(json);
    }

    @Test
    void emptyStateIsNewAndUnknownStateIsRecomputed() {
        String yaml = "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata: {name: a}\n"
                + "status: {applicationState: {state: ''}}\n";
        assertThat(Json.read(yaml, SparkApplication.class).getStatus().state()).isEqualTo(ApplicationStateType.NEW);
        String odd = yaml.replace("''", "BOGUS");
        assertThat(Json.read(odd, SparkApplication.class).getStatus().state()).isEqualTo(ApplicationStateType.NEW);
        assertThat(Json.write(ApplicationStateType.COMPLETED)).isEqualTo("\"COMPLETED\"");
    }
}

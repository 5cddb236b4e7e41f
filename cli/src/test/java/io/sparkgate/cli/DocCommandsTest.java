package io.sparkgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Docs as tests: every {@code sparkgate ...} and {@code kubectl ...} command in a shell block ({@code ```sh},
 * {@code bash}, {@code shell} or {@code console}; diagrams and YAML are not commands) of README.md and
 * docs/*.md (configuration.md, generated from the command model, aside) is taken out and checked. Every file a
 * command names must ship. A block is run offline unless an HTML comment on the line before its fence says
 * otherwise: {@code <!-- commands: cluster -->} (run against {@code dev --serve} by {@link DocCommandsIT}), or
 * {@code <!-- commands: not run (reason) -->}, which must give its reason; {@code ; exit N} in the comment is the
 * exit code the block's commands end with (0 by default). An offline block whose command needs a cluster fails
 * here, so a new command in the docs is either run or marked.
 */
class DocCommandsTest {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Pattern MARKER = Pattern.compile("<!--\\s*commands:\\s*(offline|cluster|not run)"
            + "\\s*(\\(([^)]*)\\))?\\s*(;\\s*exit\\s+(\\d+))?\\s*-->");
    private static final Set<String> SHELL_BLOCKS = Set.of("sh", "bash", "shell", "console");
    private static final Set<String> OFFLINE_VERBS = Set.of("validate", "mutate", "completion", "help", "--help",
            "--version");

    /** One command of a doc, with where it is and how the doc says it is run. */
    record DocCommand(Path doc, int line, String text, String mode, String reason, int exit) {
        /** The command's words as a shell splits them (quotes removed, also inside a word). */
        List<String> words() {
            return io.sparkgate.policy.rules.SparkConfSources.split(text);
        }

        String where() {
            return ROOT.relativize(doc) + ":" + line + ": " + text;
        }
    }

    /** Every command of the docs, in file and line order. */
    static List<DocCommand> commands() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md") && !p.getFileName().toString().equals("configuration.md"))
                    .sorted().forEach(docs::add);
        }
        List<DocCommand> out = new ArrayList<>();
        for (Path doc : docs) {
            List<String> lines = Files.readAllLines(doc);
            boolean inBlock = false;
            boolean shell = false;
            String mode = "offline";
            String reason = null;
            int exit = 0;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.startsWith("```")) {
                    if (!inBlock) {
                        shell = SHELL_BLOCKS.contains(line.substring(3).trim());
                        Matcher m = i > 0 ? MARKER.matcher(lines.get(i - 1)) : null;
                        boolean marked = m != null && m.find();
                        mode = marked ? m.group(1) : "offline";
                        reason = marked ? m.group(3) : null;
                        exit = marked && m.group(5) != null ? Integer.parseInt(m.group(5)) : 0;
                    }
                    inBlock = !inBlock;
                    continue;
                }
                if (!inBlock || !shell) {
                    continue;
                }
                StringBuilder command = new StringBuilder(line.strip());
                int first = i;
                while (command.toString().endsWith("\\") && i + 1 < lines.size()) {
                    command.setLength(command.length() - 1);
                    command.append(' ').append(lines.get(++i).strip());
                }
                String text = command.toString().replaceFirst("\\s+#.*$", "").strip();
                if (text.startsWith("sparkgate ") || text.startsWith("kubectl ")) {
                    out.add(new DocCommand(doc, first + 1, text, mode, reason, exit));
                }
            }
        }
        return out;
    }

    @Test
    void theDocsHaveCommandsAndEveryFileTheyNameShips() throws IOException {
        List<DocCommand> commands = commands();
        assertThat(commands).hasSizeGreaterThan(10);
        List<String> missing = new ArrayList<>();
        for (DocCommand c : commands) {
            for (String word : c.words()) {
                boolean looksLikeFile = !word.startsWith("-") && (word.endsWith(".yaml") || word.endsWith(".yml")
                        || word.endsWith(".json") || word.endsWith("/")) && !word.contains("=");
                if (looksLikeFile && !Files.exists(ROOT.resolve(word))) {
                    missing.add(c.where() + " -> " + word);
                }
            }
        }
        assertThat(missing).as("files the docs name that do not ship").isEmpty();
    }

    @Test
    void everyCommandIsRunOrSaysWhyNot() throws IOException {
        List<String> problems = new ArrayList<>();
        for (DocCommand c : commands()) {
            if (c.mode().equals("not run") && (c.reason() == null || c.reason().isBlank())) {
                problems.add(c.where() + ": marked not run without a reason");
            }
            if (c.mode().equals("offline") && !(c.text().startsWith("sparkgate ")
                    && OFFLINE_VERBS.contains(c.words().get(1)))) {
                problems.add(c.where() + ": needs a cluster; mark its block <!-- commands: cluster --> (run "
                        + "against the dev cluster) or <!-- commands: not run (why) -->");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theOfflineCommandsRunWithTheExitCodeTheDocsSay() throws IOException {
        List<String> failures = new ArrayList<>();
        int ran = 0;
        for (DocCommand c : commands()) {
            if (!c.mode().equals("offline") || !c.text().startsWith("sparkgate ")) {
                continue;
            }
            List<String> args = new ArrayList<>();
            for (String word : c.words().subList(1, c.words().size())) {
                // paths are the repository's, as a user runs them from the root of a clone
                args.add(!word.startsWith("-") && Files.exists(ROOT.resolve(word))
                        ? ROOT.resolve(word).toString() : word);
            }
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cli = Sparkgate.commandLine();
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(err));
            int code = cli.execute(args.toArray(String[]::new));
            ran++;
            if (code != c.exit()) {
                failures.add(c.where() + ": exit " + code + ", the doc says " + c.exit() + "; " + err);
            }
        }
        assertThat(ran).isPositive();
        assertThat(failures).isEmpty();
    }
}

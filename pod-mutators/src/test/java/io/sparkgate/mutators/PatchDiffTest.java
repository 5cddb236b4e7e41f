package io.sparkgate.mutators;

import static io.sparkgate.mutators.Harness.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** PatchDiff against json-patch's apply: absent maps and arrays, pointer escaping, numbers, removals. */
class PatchDiffTest {

    private static void roundTrip(String from, String to, String expected) {
        var patch = PatchDiff.diff(json(from), json(to));
        assertThat(Harness.normal(patch)).isEqualTo(Harness.normal(json(expected)));
        assertThat(Harness.apply(patch, json(from))).isEqualTo(json(to));
    }

    @Test
    void absentMapsAndArraysAreAddedWhole() {
        roundTrip("""
                {"metadata":{"name":"p"}}""", """
                {"metadata":{"name":"p","labels":{"a/b":"1"}},"spec":{"tolerations":[{"key":"k"}]}}""", """
                [{"op":"add","path":"/metadata/labels","value":{"a/b":"1"}},
                 {"op":"add","path":"/spec","value":{"tolerations":[{"key":"k"}]}}]""");
    }

    @Test
    void keysWithSlashAndTildeAreEscaped() {
        roundTrip("""
                {"limits":{"cpu":"1"}}""", """
                {"limits":{"cpu":"1","nvidia.com/gpu":"1","a~b":"2"}}""", """
                [{"op":"add","path":"/limits/nvidia.com~1gpu","value":"1"},
                 {"op":"add","path":"/limits/a~0b","value":"2"}]""");
    }

    @Test
    void inPlaceChangesAndRemovalsFromTheEnd() {
        roundTrip("""
                {"env":[{"name":"A","value":"1"},{"name":"B","value":"2"},{"name":"C","value":"3"}],"x":5,"y":true}""", """
                {"env":[{"name":"A","value":"9"},{"name":"C","value":"3"}],"x":5}""", """
                [{"op":"replace","path":"/env/0/value","value":"9"},
                 {"op":"replace","path":"/env/1/name","value":"C"},{"op":"replace","path":"/env/1/value","value":"3"},
                 {"op":"remove","path":"/env/2"},{"op":"remove","path":"/y"}]""");
    }

    @Test
    void scalarListChangedInTheMiddleIsReplacedWhole() {
        roundTrip("""
                {"args":["driver","--class","C","app.jar"]}""", """
                {"args":["driver","--class","C","--conf","a=b","app.jar"]}""", """
                [{"op":"replace","path":"/args","value":["driver","--class","C","--conf","a=b","app.jar"]}]""");
    }

    @Test
    void equalNumbersOfDifferentWidthAreNoChange() {
        var from = json("{\"a\":30}");
        var to = Harness.normal(from).deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) to).put("a", 30L);
        assertThat(PatchDiff.diff(from, to)).isEmpty();
    }
}

package io.sparkgate.api.v1beta2;

import java.util.List;
import java.util.Map;

/** Reads absent collections of the model as empty ones, so no caller needs a null check. */
final class Lists {
    private Lists() {
    }

    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }
}

package io.sparkgate.informers;

import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Replaces the empty lists and maps of a cached model object with the shared immutable empties (issue 20). Every
 * fabric8 and sparkgate model object starts with an {@code additionalProperties} map and a new list per list field
 * (a PodSpec has about twenty), so a cached object's empty collections outweighed its data; {@code List.of()} and
 * {@code Map.of()} cost nothing. Non-empty collections are kept as they are (their order may matter) and walked
 * into. Only for objects that nothing changes afterwards: the caches' projections.
 */
public final class EmptyCollections {
    private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
            List<Field> fields = new ArrayList<>();
            for (Class<?> c = type; c != null && isModel(c); c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isFinal(f.getModifiers())
                            && accessible(f)) {
                        fields.add(f);
                    }
                }
            }
            return List.copyOf(fields);
        }
    };

    private EmptyCollections() {
    }

    /** Shares the empties of {@code object} and of every model object it holds; returns it. */
    public static <T> T shareEmpties(T object) {
        visit(object, 0);
        return object;
    }

    private static void visit(Object object, int depth) {
        if (object == null || depth > 32 || !isModel(object.getClass())) {
            return;
        }
        for (Field field : FIELDS.get(object.getClass())) {
            try {
                Object value = field.get(object);
                if (value instanceof List<?> list && list.isEmpty() && field.getType().isAssignableFrom(List.class)) {
                    field.set(object, List.of());
                } else if (value instanceof Map<?, ?> map && map.isEmpty()
                        && field.getType().isAssignableFrom(Map.class)) {
                    field.set(object, Map.of());
                } else if (value instanceof Collection<?> values) {
                    values.forEach(v -> visit(v, depth + 1));
                } else if (value instanceof Map<?, ?> map) {
                    map.values().forEach(v -> visit(v, depth + 1));
                } else {
                    visit(value, depth + 1);
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot compact " + field, e);
            }
        }
    }

    private static boolean isModel(Class<?> type) {
        if (type.isEnum() || type.isRecord()) {
            return false;
        }
        String name = type.getName();
        return name.startsWith("io.fabric8.kubernetes.api.model.") || name.startsWith("io.sparkgate.api.");
    }

    private static boolean accessible(Field field) {
        try {
            field.setAccessible(true);
            return true;
        } catch (InaccessibleObjectException | SecurityException e) {
            return false;
        }
    }
}

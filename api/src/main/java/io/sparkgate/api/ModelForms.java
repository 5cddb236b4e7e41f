package io.sparkgate.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.annotation.JsonView;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedMethod;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.AnyGetterWriter;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializer;
import com.fasterxml.jackson.databind.ser.PropertyWriter;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The JSON tree and the deep copy of a Kubernetes model object (fabric8's generated beans), made straight from the
 * bean's properties instead of through Jackson's serializer and a token buffer: the two conversions each admission
 * makes most often (the mutated Pod to a tree for the diff, the app's volumes, containers and settings copied into
 * the pod). The copies cost about half of Jackson's, the tree a little less (issue 16, docs/benchmarks.md).
 *
 * <p>The result is exactly what {@link Json#mapper()} gives — {@code valueToTree} for {@link #tree}, and the
 * write-then-read round trip of {@link Json#deepCopy} for {@link #copy}: a class is handled here only when Jackson
 * itself serializes it with a plain {@link BeanSerializer} over public getters, deserializes it through public
 * setters and a no-argument constructor, and includes its properties by the rules read off the same annotations
 * ({@code NON_NULL}, {@code NON_EMPTY}); its properties come in Jackson's order, the any-getter's entries where
 * Jackson writes them. Any other class, and any value that is not a String, boolean, int, long, double, list or
 * string-keyed map (a {@code Quantity}, an {@code IntOrString}), is left to Jackson. {@code ModelFormsTest} holds both forms equal to
 * Jackson's, key order included, over every real Spark pod and every example app.
 */
public final class ModelForms {
    private static final ObjectMapper MAPPER = Json.mapper();
    private static final JsonNodeFactory NODES = MAPPER.getNodeFactory();
    private static final ClassValue<Plan> PLANS = new ClassValue<>() {
        @Override
        protected Plan computeValue(Class<?> type) {
            return Plan.of(type);
        }
    };

    private ModelForms() {
    }

    /** The tree {@code Json.mapper().valueToTree(value)} gives; null for null. */
    public static JsonNode tree(Object value) {
        return value == null ? null : node(value);
    }

    /** The copy {@code Json.deepCopy(value, value's class)} gives: equal, sharing nothing mutable. */
    @SuppressWarnings("unchecked")
    public static <T> T copy(T value) {
        return (T) copyOf(value);
    }

    private static JsonNode node(Object v) {
        if (v == null) {
            return NODES.nullNode();
        }
        if (v instanceof String s) {
            return NODES.textNode(s);
        }
        if (v instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (v instanceof Integer i) {
            return NODES.numberNode(i.intValue());
        }
        if (v instanceof Long l) {
            return NODES.numberNode(l.longValue());
        }
        if (v instanceof Double d) {
            return NODES.numberNode(d.doubleValue());
        }
        if (v instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode(list.size());
            for (Object e : list) {
                array.add(node(e));
            }
            return array;
        }
        if (v instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    return MAPPER.valueToTree(v); // Jackson's key serializers decide
                }
                object.set(key, node(e.getValue()));
            }
            return object;
        }
        Plan plan = PLANS.get(v.getClass());
        return plan.plain() ? plan.tree(v) : MAPPER.valueToTree(v);
    }

    private static Object copyOf(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long
                || v instanceof Double) {
            return v;
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object e : list) {
                out.add(copyOf(e));
            }
            return out;
        }
        if (v instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    return jacksonCopy(v);
                }
                out.put(e.getKey(), copyOf(e.getValue()));
            }
            return out;
        }
        Plan plan = PLANS.get(v.getClass());
        return plan.copying() != null ? plan.copy(v) : jacksonCopy(v);
    }

    @SuppressWarnings("unchecked")
    private static Object jacksonCopy(Object v) {
        return Json.deepCopy(v, (Class<Object>) v.getClass());
    }

    /** Whether Jackson leaves the value of a property out under its inclusion rule. */
    private static boolean omitted(Object value, boolean omitEmpty) {
        if (value == null) {
            return true;
        }
        if (!omitEmpty) {
            return false;
        }
        return value instanceof Collection<?> c ? c.isEmpty()
                : value instanceof Map<?, ?> m ? m.isEmpty()
                : value instanceof String s && s.isEmpty();
    }

    /** One property Jackson writes: its slot in the plan, its name, its value. */
    @FunctionalInterface
    private interface Written {
        void accept(int slot, String name, Object value);
    }

    /** The value of an any-setter call: {@code bean.setAdditionalProperty(name, value)}. */
    @FunctionalInterface
    interface AnySetter {
        void set(Object bean, String name, Object value);
    }

    /**
     * How one class is turned into a tree ({@code names} null: by Jackson) and copied ({@code copying} null: by
     * Jackson). A null name is the any-getter's slot, where Jackson writes its entries.
     */
    private record Plan(String[] names, Function<Object, Object>[] getters, boolean[] omitEmpty, Copying copying) {
        private static final Plan JACKSON = new Plan(null, null, null, null);

        boolean plain() {
            return names != null;
        }

        /** The bean's tree. */
        ObjectNode tree(Object bean) {
            ObjectNode out = NODES.objectNode();
            forEachWritten(bean, (slot, name, value) -> out.set(name, node(value)));
            return out;
        }

        Object copy(Object bean) {
            Object out = copying.create().get();
            forEachWritten(bean, (slot, name, value) -> {
                if (names[slot] == null) {
                    copying.anySetter().set(out, name, copyOf(value));
                } else {
                    copying.setters()[slot].accept(out, copyOf(value));
                }
            });
            return out;
        }

        /** Each name and value Jackson writes for the bean, in its order; the any-getter's entries in its slot. */
        private void forEachWritten(Object bean, Written to) {
            for (int i = 0; i < names.length; i++) {
                Object value = getters[i].apply(bean);
                if (names[i] == null) {
                    if (value instanceof Map<?, ?> extra) {
                        for (Map.Entry<?, ?> e : extra.entrySet()) {
                            to.accept(i, String.valueOf(e.getKey()), e.getValue());
                        }
                    }
                } else if (!omitted(value, omitEmpty[i])) {
                    to.accept(i, names[i], value);
                }
            }
        }

        @SuppressWarnings("unchecked")
        static Plan of(Class<?> type) {
            try {
                if (!Modifier.isPublic(type.getModifiers()) || type.isInterface() || type.isEnum()
                        || type.isArray() || type.isPrimitive() || Modifier.isAbstract(type.getModifiers())) {
                    return JACKSON;
                }
                SerializationConfig config = MAPPER.getSerializationConfig();
                JsonSerializer<Object> serializer = MAPPER.getSerializerProviderInstance().findValueSerializer(type);
                if (serializer.getClass() != BeanSerializer.class || serializer.usesObjectId()) {
                    return JACKSON;
                }
                BeanDescription described = config.introspect(config.constructType(type));
                if (described.getClassAnnotations().has(JsonTypeInfo.class)) {
                    return JACKSON;
                }
                Map<String, BeanPropertyDefinition> definitions = new LinkedHashMap<>();
                for (BeanPropertyDefinition d : described.findProperties()) {
                    definitions.put(d.getName(), d);
                }
                JsonInclude.Value classInclusion = JsonInclude.Value.merge(
                        described.findPropertyInclusion(JsonInclude.Value.empty()),
                        config.getDefaultPropertyInclusion(type, JsonInclude.Value.empty()));
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                List<String> names = new ArrayList<>();
                List<Function<Object, Object>> getters = new ArrayList<>();
                List<Boolean> omitEmpty = new ArrayList<>();
                AnnotatedMember any = described.findAnyGetter();
                boolean anyListed = false;
                for (Iterator<PropertyWriter> it = serializer.properties(); it.hasNext(); ) {
                    PropertyWriter w = it.next();
                    if (w instanceof AnyGetterWriter) {
                        // Jackson 2.18 and later list the any-getter among the properties, where it writes it.
                        if (anyListed || !(any instanceof AnnotatedMethod m)) {
                            return JACKSON;
                        }
                        anyListed = true;
                        names.add(null);
                        getters.add(getter(lookup, m.getAnnotated()));
                        omitEmpty.add(false);
                        continue;
                    }
                    BeanPropertyDefinition d = definitions.get(w.getName());
                    if (!(w instanceof BeanPropertyWriter writer) || d == null
                            || !(writer.getMember() instanceof AnnotatedMethod getter)
                            || writer.isUnwrapping() || writer.getSerializationType() != null
                            || customized(getter)) {
                        return JACKSON;
                    }
                    JsonInclude.Value inclusion = config.getDefaultInclusion(type, writer.getType().getRawClass(),
                            classInclusion).withOverrides(d.findInclusion());
                    JsonInclude.Include rule = inclusion.getValueInclusion();
                    JsonInclude.Include content = inclusion.getContentInclusion();
                    boolean omitsNulls = rule == JsonInclude.Include.NON_NULL || rule == JsonInclude.Include.NON_EMPTY;
                    if (!omitsNulls || writer.willSuppressNulls() != omitsNulls
                            || (content != JsonInclude.Include.USE_DEFAULTS && content != JsonInclude.Include.ALWAYS)) {
                        return JACKSON; // ALWAYS, NON_ABSENT, NON_DEFAULT, CUSTOM: Jackson's own rules apply
                    }
                    names.add(w.getName());
                    getters.add(getter(lookup, getter.getAnnotated()));
                    omitEmpty.add(rule == JsonInclude.Include.NON_EMPTY);
                }
                if (any != null && !anyListed) {
                    if (!(any instanceof AnnotatedMethod m)) {
                        return JACKSON;
                    }
                    names.add(null); // before 2.18: after the properties
                    getters.add(getter(lookup, m.getAnnotated()));
                    omitEmpty.add(false);
                }
                boolean[] empty = new boolean[omitEmpty.size()];
                for (int i = 0; i < empty.length; i++) {
                    empty[i] = omitEmpty.get(i);
                }
                return new Plan(names.toArray(String[]::new), getters.toArray(Function[]::new), empty,
                        Copying.of(type, lookup, names, any != null));
            } catch (Throwable e) {
                return JACKSON; // anything the plan cannot express is left to Jackson
            }
        }

        /** Whether the getter carries an annotation that changes how Jackson writes its value. */
        private static boolean customized(AnnotatedMethod getter) {
            JsonSerialize serialize = getter.getAnnotation(JsonSerialize.class);
            return (serialize != null && (serialize.using() != JsonSerializer.None.class
                    || serialize.contentUsing() != JsonSerializer.None.class
                    || serialize.keyUsing() != JsonSerializer.None.class || serialize.as() != Void.class
                    || serialize.contentAs() != Void.class))
                    || getter.hasAnnotation(JsonFormat.class) || getter.hasAnnotation(JsonRawValue.class)
                    || getter.hasAnnotation(JsonValue.class) || getter.hasAnnotation(JsonView.class);
        }

        @SuppressWarnings("unchecked")
        private static Function<Object, Object> getter(MethodHandles.Lookup lookup, Method m) throws Throwable {
            MethodHandle handle = lookup.unreflect(m);
            return (Function<Object, Object>) LambdaMetafactory.metafactory(lookup, "apply",
                    MethodType.methodType(Function.class), MethodType.methodType(Object.class, Object.class), handle,
                    handle.type().wrap()).getTarget().invoke();
        }
    }

    /** The deserializing half of a plan: a no-argument constructor and a public setter per written property. */
    private record Copying(Supplier<Object> create, BiConsumer<Object, Object>[] setters, AnySetter anySetter) {
        @SuppressWarnings("unchecked")
        static Copying of(Class<?> type, MethodHandles.Lookup lookup, List<String> names, boolean any)
                throws Throwable {
            DeserializationConfig config = MAPPER.getDeserializationConfig();
            BeanDescription described = config.introspect(config.constructType(type));
            JsonDeserialize custom = described.getClassAnnotations().get(JsonDeserialize.class);
            if (custom != null && custom.using() != JsonDeserializer.None.class) {
                return null;
            }
            Map<String, BeanPropertyDefinition> definitions = new LinkedHashMap<>();
            for (BeanPropertyDefinition d : described.findProperties()) {
                definitions.put(d.getName(), d);
            }
            BiConsumer<Object, Object>[] setters = new BiConsumer[names.size()];
            for (int i = 0; i < setters.length; i++) {
                if (names.get(i) == null) {
                    continue; // the any-getter's slot: its entries go through the any-setter
                }
                BeanPropertyDefinition d = definitions.get(names.get(i));
                if (d == null || !d.hasSetter() || d.hasConstructorParameter()) {
                    return null;
                }
                MethodHandle handle = lookup.unreflect(d.getSetter().getAnnotated());
                setters[i] = (BiConsumer<Object, Object>) LambdaMetafactory.metafactory(lookup, "accept",
                        MethodType.methodType(BiConsumer.class), MethodType.methodType(void.class, Object.class,
                                Object.class), handle, handle.type().wrap().changeReturnType(void.class))
                        .getTarget().invoke();
            }
            AnySetter anySetter = null;
            if (any) {
                AnnotatedMember member = described.findAnySetterAccessor();
                if (!(member instanceof AnnotatedMethod m) || m.getParameterCount() != 2) {
                    return null;
                }
                MethodHandle handle = lookup.unreflect(m.getAnnotated());
                anySetter = (AnySetter) LambdaMetafactory.metafactory(lookup, "set",
                        MethodType.methodType(AnySetter.class), MethodType.methodType(void.class, Object.class,
                                String.class, Object.class), handle,
                        handle.type().wrap().changeReturnType(void.class)).getTarget().invoke();
            }
            MethodHandle constructor = lookup.unreflectConstructor(type.getConstructor());
            Supplier<Object> create = (Supplier<Object>) LambdaMetafactory.metafactory(lookup, "get",
                    MethodType.methodType(Supplier.class), MethodType.methodType(Object.class), constructor,
                    MethodType.methodType(type)).getTarget().invoke();
            return new Copying(create, setters, anySetter);
        }
    }

    /** Whether {@link #tree} writes the class itself ({@code tree}) and {@link #copy} copies it ({@code copy}). */
    static boolean handles(Class<?> type, boolean copy) {
        Plan plan = PLANS.get(type);
        return plan.plain() && (!copy || plan.copying() != null);
    }
}

package io.sparkgate.operator;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;

/** An informer handler that reacts the same way to an add, an update and a delete: by enqueueing a key. */
final class OnChange {
    private OnChange() {
    }

    /** A handler calling {@code onChange} with the new object (or the deleted one). */
    static <T> ResourceEventHandler<T> of(java.util.function.Consumer<T> onChange) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                onChange.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                onChange.accept(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                onChange.accept(obj);
            }
        };
    }
}

// Records are copied in and out of the memory stores so callers can never mutate stored state by accident.
export const copy = <T>(value: T): T => structuredClone(value);

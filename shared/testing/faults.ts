// Fault injection for unit tests: make one method of a fake (or real adapter) throw before it
// does its work ("the process died before the step") or after ("the step happened but the call
// failed", e.g. a createReply whose response was lost).
export class InjectedFault extends Error {
  override name = 'InjectedFault';
}

export function failOn<T extends object>(target: T, method: keyof T & string, when: 'before' | 'after', times = 1, error: () => Error = () => new InjectedFault(`${method} failed (${when})`)): () => void {
  const original = target[method] as unknown as (...args: unknown[]) => Promise<unknown>;
  let left = times;
  const patched = async function (this: unknown, ...args: unknown[]): Promise<unknown> {
    if (left <= 0) return original.apply(this, args);
    left--;
    if (when === 'before') throw error();
    await original.apply(this, args);
    throw error();
  };
  (target as Record<string, unknown>)[method] = patched;
  return () => {
    (target as Record<string, unknown>)[method] = original;
  };
}

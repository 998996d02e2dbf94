// Bounded waiting for work that takes an AbortSignal: the work is aborted and the caller gets
// `onTimeout()` as the rejection once `ms` have passed, whatever the work does with the signal.
export async function withTimeout<T>(ms: number, work: (signal: AbortSignal) => Promise<T>, onTimeout: () => Error): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(onTimeout());
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), timedOut]);
  } finally {
    clearTimeout(timer);
    timedOut.catch(() => undefined);
  }
}

/**
 * Splits one async iterable into `count` iterables that each see every chunk, reading the
 * source once. Backpressure: the source is read no further ahead than `highWaterMark`
 * chunks of the slowest active consumer, so memory stays bounded. A consumer that stops
 * early (its store failed), or is cancelled, is dropped and no longer holds the others back.
 *
 * @example
 * ```ts
 * const { sources: [a, b], cancel } = tee(source, 2);
 * await Promise.all([storeA.put(a).finally(() => cancel(0)), storeB.put(b).finally(() => cancel(1))]);
 * ```
 */
export function tee(
  source: AsyncIterable<Uint8Array>,
  count: number,
  highWaterMark = 16,
): { sources: AsyncIterable<Uint8Array>[]; cancel: (index: number) => void } {
  const iterator = source[Symbol.asyncIterator]();
  const queues: Uint8Array[][] = Array.from({ length: count }, () => []);
  const active = new Array<boolean>(count).fill(true);
  let ended = false;
  let failure: { error: unknown } | undefined;
  let pulling: Promise<void> | undefined;
  let wake: (() => void)[] = [];

  const notify = () => {
    const waiting = wake;
    wake = [];
    for (const resolve of waiting) resolve();
  };
  const full = () => queues.some((queue, i) => active[i] && queue.length >= highWaterMark);
  const pull = async () => {
    while (full() && !ended) await new Promise<void>((resolve) => wake.push(resolve));
    if (ended) return;
    try {
      const next = await iterator.next();
      if (next.done) ended = true;
      else {
        for (const [i, queue] of queues.entries()) if (active[i]) queue.push(next.value);
      }
    } catch (error) {
      failure = { error };
      ended = true;
    }
    notify();
  };

  const consumer = (index: number): AsyncIterable<Uint8Array> => ({
    async *[Symbol.asyncIterator]() {
      const queue = queues[index] as Uint8Array[];
      try {
        for (;;) {
          const chunk = queue.shift();
          if (chunk) {
            notify();
            yield chunk;
            continue;
          }
          if (ended) {
            if (failure) throw failure.error;
            return;
          }
          pulling ??= pull().finally(() => {
            pulling = undefined;
          });
          await pulling;
        }
      } finally {
        await cancel(index);
      }
    },
  });
  /** Drops a consumer: its queue is freed and it no longer slows the others. */
  const cancel = async (index: number) => {
    if (!active[index]) return;
    active[index] = false;
    (queues[index] as Uint8Array[]).length = 0;
    notify();
    if (active.every((a) => !a) && !ended) {
      ended = true;
      await iterator.return?.();
    }
  };
  return { sources: Array.from({ length: count }, (_, i) => consumer(i)), cancel: (index) => void cancel(index) };
}

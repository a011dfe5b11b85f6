// A bounded worker pool: runs async work over a list with at most so many calls in flight, and stops starting
// new ones at the first error. The translate stage runs its papers through it.

/**
 * Runs `work` over `items` with at most `size` running at once. When one call throws, no new item starts, the
 * running ones finish, and the first error is thrown.
 */
export async function runPool<T>(
  items: readonly T[],
  size: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const worker = async (): Promise<void> => {
    while (errors.length === 0 && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        errors.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  if (errors.length > 0) throw errors[0];
}

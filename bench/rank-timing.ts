export async function benchTiming(): Promise<void> {}

/**
 * Runs `work` every `ms` in the background (the timer does not keep the process alive); a run still going
 * when the next is due is not started twice; a failure is logged and the next run comes as usual.
 * Returns the stop.
 */
export function repeatEvery(
  ms: number,
  name: string,
  work: () => Promise<unknown>,
  log: (message: string, error?: unknown) => void,
): () => void {
  let running = false;
  let stopped = false;
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = true;
    work()
      .catch((error: unknown) => log(`${name} failed`, error))
      .finally(() => (running = false));
  }, ms);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

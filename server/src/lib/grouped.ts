/**
 * Group commit for a hot path: calls that arrive while earlier ones are in flight wait, then go to the
 * database together (one statement, one round trip, one commit for the lot). At low load a call goes
 * alone at once; under load the groups grow with the load, so the database's cost per statement and
 * per commit is shared. When a group fails, its calls are run one by one, so each caller gets its own
 * answer (a reused key, a bad row) and none fails for another's sake.
 */
export function grouped<T, R>(
  run: (items: T[]) => Promise<R[]>,
  { maxGroup = 64, maxInFlight = 2 }: { maxGroup?: number; maxInFlight?: number } = {},
): (item: T) => Promise<R> {
  interface Waiting {
    item: T;
    resolve(result: R): void;
    reject(error: unknown): void;
  }
  const waiting: Waiting[] = [];
  let inFlight = 0;

  const runOne = (w: Waiting): Promise<void> => run([w.item]).then(([result]) => w.resolve(result!), w.reject);

  async function runGroup(group: Waiting[]): Promise<void> {
    if (group.length === 1) return runOne(group[0]!);
    let results: R[];
    try {
      results = await run(group.map((w) => w.item));
    } catch {
      for (const w of group) await runOne(w);
      return;
    }
    group.forEach((w, i) => w.resolve(results[i]!));
  }

  function flush(): void {
    while (inFlight < maxInFlight && waiting.length > 0) {
      inFlight++;
      void runGroup(waiting.splice(0, maxGroup)).finally(() => {
        inFlight--;
        flush();
      });
    }
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      flush();
    });
}

/** `grouped` once per database (a process may hold several, as the tests do): `run` gets the database and the group. */
export function groupedPerDb<Db extends object, T, R>(
  run: (db: Db, items: T[]) => Promise<R[]>,
  options?: { maxGroup?: number; maxInFlight?: number },
): (db: Db, item: T) => Promise<R> {
  const perDb = new WeakMap<Db, (item: T) => Promise<R>>();
  return (db, item) => {
    let call = perDb.get(db);
    if (!call) perDb.set(db, (call = grouped((items: T[]) => run(db, items), options)));
    return call(item);
  };
}

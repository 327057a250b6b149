// A lease in the database: of several processes on one database file, the one holding it does what
// must happen once (the mail schedules, sending mail). The holder renews it while it runs; when a
// holder stops renewing (it died, or stopped), another process takes it over once it has run out.
import type { Clock } from '../clock';
import type { Sqlite } from './connection';

export class Lease {
  private readonly s;
  private holding = false;

  /**
   * `holder` names this process (unique among the processes on the database); `gone` says of another
   * holder that it has certainly stopped (a process of this machine that no longer runs), so its
   * lease need not run out first: a restart after a crash sends mail at once.
   */
  constructor(
    db: Sqlite,
    readonly name: string,
    readonly holder: string,
    private readonly clock: Clock,
    readonly ttlMs: number,
    private readonly gone: (holder: string) => boolean = () => false,
  ) {
    this.s = {
      take: db.prepare<{ name: string; holder: string; now: number; until: number }>(
        `INSERT INTO leases (name, holder, expires_at) VALUES (@name, @holder, @until)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE leases.holder = excluded.holder OR leases.expires_at <= @now`,
      ),
      release: db.prepare('DELETE FROM leases WHERE name = ? AND holder = ?'),
      holderOf: db.prepare<[string], string>('SELECT holder FROM leases WHERE name = ?').pluck(),
      takeFrom: db.prepare('UPDATE leases SET holder = ?, expires_at = ? WHERE name = ? AND holder = ?'),
    };
  }

  /** Takes the lease, or renews it when this process holds it; true while this process holds it. */
  renew(): boolean {
    const now = this.clock();
    this.holding = this.s.take.run({ name: this.name, holder: this.holder, now, until: now + this.ttlMs }).changes === 1;
    if (!this.holding) {
      const other = this.s.holderOf.get(this.name);
      if (other !== undefined && this.gone(other)) this.holding = this.s.takeFrom.run(this.holder, now + this.ttlMs, this.name, other).changes === 1;
    }
    return this.holding;
  }

  /** Whether this process held the lease at its last renewal. */
  get held(): boolean {
    return this.holding;
  }

  /** Gives the lease up (a clean stop): another process may take it at once. */
  release(): void {
    if (this.holding) this.s.release.run(this.name, this.holder);
    this.holding = false;
  }
}

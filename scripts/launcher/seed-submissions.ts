import { readFileSync } from 'node:fs';
import { loadDemoCounty, seedReportPath } from '@app/persistence/seeding/seed-files';
import { apiCall as call } from './api-client';

interface Summary {
  township: string;
  year: number;
  status: string;
  score?: number;
  evidenced?: number;
  items?: number;
}

/**
 * Submits each demo township's seed report through the public API, exactly as a township user would, then waits for
 * the worker to analyse them. A second start finds the same files (same sha256) and submits nothing new.
 */
export async function submitSeedReports(base: string, password: string, log: (m: string) => void, timeoutMs = 180_000): Promise<Summary[]> {
  const demo = loadDemoCounty();
  // A historical report's real submission date is stated by county staff (a backfill), so those go in as the auditor.
  const auditor = await call<{ accessToken: string }>(base, '/api/auth/login', {
    method: 'POST',
    body: JSON.stringify({ username: demo.auditor.username, password }),
  });
  if (auditor.status >= 300) throw new Error(`demo login as ${demo.auditor.username} failed (${auditor.status}): ${JSON.stringify(auditor.body)}`);
  const today = new Date().toISOString().slice(0, 10);
  const pending: { township: string; year: number; id: string; token: string; townshipId: string }[] = [];
  for (const t of demo.townships) {
    const login = await call<{ accessToken: string }>(base, '/api/auth/login', {
      method: 'POST',
      body: JSON.stringify({ username: t.username, password }),
    });
    if (login.status >= 300) throw new Error(`demo login as ${t.username} failed (${login.status}): ${JSON.stringify(login.body)}`);
    const token = login.body.accessToken;
    const me = await call<{ townshipId: string }>(base, '/api/me', { token });
    const form = new FormData();
    form.set('file', new Blob([readFileSync(seedReportPath(t.seedReport.file))], { type: 'text/plain' }), t.seedReport.file);
    form.set('year', String(t.seedReport.year));
    form.set('kind', 'annual_report');
    if (t.seedReport.publishedAt) form.set('publishedAt', t.seedReport.publishedAt);
    const backfill = t.seedReport.submittedAt !== null && t.seedReport.submittedAt < today;
    if (backfill) form.set('submittedAt', t.seedReport.submittedAt!);
    const up = await call<{ id: string; status: string }>(base, `/api/townships/${me.body.townshipId}/submissions`, {
      method: 'POST',
      body: form,
      token: backfill ? auditor.body.accessToken : token,
    });
    if (up.status >= 300) throw new Error(`submitting ${t.name}'s report failed (${up.status}): ${JSON.stringify(up.body)}`);
    pending.push({ township: t.name, year: t.seedReport.year, id: up.body.id, token, townshipId: me.body.townshipId });
  }
  log(`submitted ${pending.length} seed reports; waiting for the worker to analyse them`);
  const deadline = Date.now() + timeoutMs;
  const summaries: Summary[] = [];
  for (const p of pending) {
    let status = 'queued';
    while (Date.now() < deadline) {
      const s = await call<{ status: string }>(base, `/api/submissions/${p.id}`, { token: p.token });
      status = s.body.status;
      if (status === 'analyzed' || status === 'failed') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const summary: Summary = { township: p.township, year: p.year, status };
    if (status === 'analyzed') {
      const c = await call<{ score: number; items: { status: string }[] }>(base, `/api/townships/${p.townshipId}/checklists/${p.year}`, { token: p.token });
      if (c.status === 200) {
        summary.score = Math.round(c.body.score * 10) / 10;
        summary.items = c.body.items.length;
        summary.evidenced = c.body.items.filter((i) => ['auto_evidenced', 'accepted', 'waived'].includes(i.status)).length;
      }
    }
    summaries.push(summary);
  }
  return summaries;
}

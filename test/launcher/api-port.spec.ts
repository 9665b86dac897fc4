import { close, fakeApi } from './fake-api';
import { assertPortFree, portTakenMessage, PortTakenError, waitForHealth, type StartedChild } from '../../scripts/launcher/api-port';

jest.setTimeout(60_000);

// The launcher's port check and health wait against stand-in servers; port-taken.e2e-spec.ts runs the launcher itself.

const child = (over: Partial<StartedChild> = {}): StartedChild => ({ name: 'api', pid: 4242, exitCode: null, startedAt: Date.now() - 1000, ...over });

describe('the api port before the launcher starts anything', () => {
  it('is refused with one line naming the port and PORT when another server listens on it (even on 127.0.0.1 only)', async () => {
    const other = await fakeApi(1);
    await expect(assertPortFree(other.port)).rejects.toThrow(new PortTakenError(other.port));
    expect(portTakenMessage(3000)).toBe(
      'port 3000 is already in use (a Fazhi Checklist started earlier, or another program, is listening there): stop it, or start on another port with PORT, e.g. PORT=3001 npm start',
    );
    await close(other);
    await expect(assertPortFree(other.port)).resolves.toBeUndefined();
  });
});

describe('waiting for the api to be healthy', () => {
  it("accepts only an answer from its own child's process", async () => {
    const own = await fakeApi(4242);
    await expect(waitForHealth(own.port, child(), { timeoutMs: 5000 })).resolves.toBeUndefined();
    await close(own);
  });

  it('does not take an earlier api on the port for its own, and names the port when its own api then exits', async () => {
    const earlier = await fakeApi(1);
    const api = child();
    // Our api cannot listen and exits, as a real one does on EADDRINUSE.
    setTimeout(() => (api.exitCode = 1), 1000);
    await expect(waitForHealth(earlier.port, api, { timeoutMs: 30_000 })).rejects.toThrow(new PortTakenError(earlier.port));
    await close(earlier);
  });

  it('with a worker: waits for a heartbeat of a worker started since', async () => {
    const own = await fakeApi(4242);
    await expect(waitForHealth(own.port, child(), { worker: child({ name: 'worker', pid: 7, startedAt: Date.now() + 60_000 }), timeoutMs: 1500 })).rejects.toThrow(
      'the worker did not become healthy within 1.5s',
    );
    await expect(waitForHealth(own.port, child(), { worker: child({ name: 'worker', pid: 7 }), timeoutMs: 5000 })).resolves.toBeUndefined();
    await close(own);
  });
});

/** The command line: `npx tsx emulator/cli.ts --port 0` prints `listening on http://127.0.0.1:N`. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const running: ChildProcess[] = [];

function startCli(args: string[]): ChildProcess {
  // Its own process group, so that stopping it also stops tsx and node under npx.
  const child = spawn('npx', ['tsx', 'emulator/cli.ts', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  running.push(child);
  return child;
}

function firstLines(child: ChildProcess, count = 1): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const lines = text.split('\n');
      if (lines.length > count) resolve(lines.slice(0, count));
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing`)));
  });
}

async function firstLine(child: ChildProcess): Promise<string> {
  return (await firstLines(child))[0]!;
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

afterEach(() => {
  for (const child of running.splice(0)) {
    if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
  }
});

describe('emulator CLI', () => {
  it('prints exactly "listening on http://127.0.0.1:N" for --port 0 and serves the demo dataset', async () => {
    const child = startCli(['--port', '0', '--auto-login']);
    const line = await firstLine(child);
    expect(line).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
    const url = line.slice('listening on '.length);
    expect(await (await fetch(`${url}/_emulator/health`)).json()).toEqual({ ok: true });
    const { links } = await (await fetch(`${url}/_emulator/links`)).json();
    expect(links.some((link: { label: string }) => link.label === 'big-folder')).toBe(true);
  }, 30_000);

  it('serves https with --https, naming the self-signed certificate to trust on the second line', async () => {
    const [listening, certificate] = await firstLines(startCli(['--port', '0', '--https']), 2);
    expect(listening).toMatch(/^listening on https:\/\/127\.0\.0\.1:\d+$/);
    expect(certificate).toMatch(/^certificate: \S+\.pem$/);
    const ca = readFileSync(certificate!.slice('certificate: '.length));
    const body = await new Promise<string>((resolve, reject) => {
      get(`${listening!.slice('listening on '.length)}/_emulator/health`, { ca }, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        response.on('end', () => resolve(text));
      }).on('error', reject);
    });
    expect(JSON.parse(body)).toEqual({ ok: true });
  }, 30_000);

  it('exits 1 with an error naming the bad field for an invalid dataset', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emulator-cli-'));
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        users: [{ id: 'u', displayName: 'U', email: 'u@contoso.com', password: 'p', kind: 'work' }],
        drives: [{ id: 'd', kind: 'business', owner: 'u', items: [{ id: 'i', name: 'I.txt' }] }],
        links: [
          { url: 'https://contoso.sharepoint.com/:t:/s/A/E1', item: 'x', type: 'view', scope: 'anonymous' },
        ],
      }),
    );
    const { code, stderr } = await exitOf(startCli(['--port', '0', '--data', file]));
    expect(code).toBe(1);
    expect(stderr).toContain('links[0].item: no item with id "x"');
  }, 30_000);
});

// server.mjs - runs the real `agora` binary for a browser test file: a free
// loopback port (--listen 127.0.0.1:0 with --port-file), a fresh temporary
// SQLite database, optionally holding the demo data set, stopped afterwards.
//
// Seeding the demo data (thousands of products and offers) takes a while, so
// the first file that asks for it seeds a template database once per build of
// the binary (tests/artifacts/cache/, keyed by the binary's size and time) and
// every server starts from its own copy of it.

import {spawn, execFile} from 'node:child_process';
import {promisify} from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {ROOT, ARTIFACTS} from './paths.mjs';

const run = promisify(execFile);

// The binary under test: AGORA_BIN, else ./agora at the repository's root.
export const AGORA_BIN = process.env.AGORA_BIN
  ? path.resolve(ROOT, process.env.AGORA_BIN) : path.join(ROOT, 'agora');

// Environment for the binary: the caller's, with a cheap password hash (tests
// only) and without settings that would point it at another database.
function agoraEnv() {
  const env = {...process.env, AGORA_PASSWORD_COST: 'min'};
  delete env.AGORA_DB;
  delete env.AGORA_LISTEN;
  delete env.AGORA_PORT_FILE;
  return env;
}

// The path of a seeded template database for this build of the binary,
// creating it on first use. Safe when several processes race: each seeds
// into its own file and renames it into place.
async function demoTemplate() {
  const st = fs.statSync(AGORA_BIN);
  const dir = path.join(ARTIFACTS, 'cache');
  const file = path.join(dir, `demo-${st.size}-${Math.floor(st.mtimeMs)}.db`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(dir, {recursive: true});
  for (const old of fs.readdirSync(dir)) {
    if (old.startsWith('demo-')) fs.rmSync(path.join(dir, old), {force: true});
  }
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await run(AGORA_BIN, ['seed', '--demo', '--db', tmp, '--log', 'warn'],
      {env: agoraEnv(), maxBuffer: 16 << 20});
    fs.renameSync(tmp, file);
  } finally {
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, {force: true});
  }
  return file;
}

// Servers still running, stopped when this process ends however it ends
// (a test runner's time-out sends SIGTERM): no agora outlives its tests.
const running = new Map(); // child -> its temporary folder
process.on('exit', () => {
  for (const [child, dir] of running) {
    child.kill('SIGKILL');
    fs.rmSync(dir, {recursive: true, force: true});
  }
});
process.once('SIGTERM', () => process.exit(143));
process.once('SIGHUP', () => process.exit(129));

// startServer({seed: true}) -> {url, port, dir, db, log, stop()}
// seed: load the demo data set (logins in accounts.mjs DEMO). args: more
// flags for `agora serve`. The server's own log goes to dir/server.log,
// printed when it fails to start.
export async function startServer({seed = false, args = []} = {}) {
  if (!fs.existsSync(AGORA_BIN)) {
    throw new Error(`${AGORA_BIN} does not exist: run \`make\` first (or set AGORA_BIN)`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agora-browser-'));
  const db = path.join(dir, 'agora.db');
  if (seed) fs.copyFileSync(await demoTemplate(), db);
  const portFile = path.join(dir, 'port');
  const log = path.join(dir, 'server.log');
  const out = fs.openSync(log, 'a');
  const child = spawn(AGORA_BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0',
    '--port-file', portFile, '--access-log', 'off', '--log', 'warn', ...args],
  {env: agoraEnv(), stdio: ['ignore', out, out]});
  fs.closeSync(out);
  let exited = null;
  running.set(child, dir);
  child.on('exit', (code, signal) => {
    exited = {code, signal};
    running.delete(child);
  });

  const port = await waitForPort(portFile, () => exited, log);
  const url = `http://127.0.0.1:${port}`;

  async function stop() {
    if (!exited) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    }
    const bad = exited && exited.code !== 0 && exited.signal !== 'SIGTERM';
    const text = bad ? fs.readFileSync(log, 'utf8') : '';
    fs.rmSync(dir, {recursive: true, force: true});
    // A crash during the tests is a failure of its own, even if every page
    // looked fine.
    if (bad) {
      throw new Error(`agora exited with ${JSON.stringify(exited)} during the tests:\n${text}`);
    }
  }
  return {url, port, dir, db, log, stop};
}

async function waitForPort(portFile, exited, log) {
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    const gone = exited();
    if (gone) {
      throw new Error(`agora serve exited (${JSON.stringify(gone)}):\n${fs.readFileSync(log, 'utf8')}`);
    }
    try {
      const text = fs.readFileSync(portFile, 'utf8').trim();
      if (/^\d+$/.test(text)) return Number(text);
    } catch {
      // not written yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`agora serve wrote no port within 15 s:\n${fs.readFileSync(log, 'utf8')}`);
}

#!/usr/bin/env node
// Run before karma (npm test): makes sure a Chromium exists for the browser suite. Never skips it:
// - CHROME_BIN set: it must exist (else exit 1);
// - else /usr/bin/chromium: used (karma.conf.js defaults CHROME_BIN to it);
// - else, as root: apt-get update && apt-get install -y chromium, then checks again;
// - else: exit 1 with the exact command to run.
'use strict';
const {execFileSync} = require('child_process');
const fs = require('fs');

const DEFAULT = '/usr/bin/chromium';
const COMMAND = 'sudo apt-get update && sudo apt-get install -y chromium';

function fail(message) {
  console.error(`ensure_chromium: ${message}`);
  process.exit(1);
}

function isExecutable(p) {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

const fromEnv = process.env.CHROME_BIN;
if (fromEnv) {
  if (!isExecutable(fromEnv)) fail(`CHROME_BIN=${fromEnv} is not an executable file; unset it or fix the path.`);
  console.log(`ensure_chromium: using CHROME_BIN=${fromEnv}`);
  process.exit(0);
}
if (isExecutable(DEFAULT)) {
  console.log(`ensure_chromium: using ${DEFAULT}`);
  process.exit(0);
}
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  fail(`no browser for the karma suite (CHROME_BIN unset, ${DEFAULT} missing). Install one with:\n  ${COMMAND}\n` +
       'or set CHROME_BIN to a Chromium/Chrome binary.');
}
console.log('ensure_chromium: no browser found; installing Debian chromium with apt-get (running as root)');
const env = {...process.env, DEBIAN_FRONTEND: 'noninteractive'};
try {
  execFileSync('apt-get', ['update'], {stdio: 'inherit', env});
  execFileSync('apt-get', ['install', '-y', 'chromium'], {stdio: 'inherit', env});
} catch (e) {
  fail(`apt-get failed (${e.message}); install chromium yourself: ${COMMAND.replace(/sudo /g, '')}`);
}
if (!isExecutable(DEFAULT)) fail(`apt-get finished but ${DEFAULT} is still missing; set CHROME_BIN.`);
console.log(`ensure_chromium: installed ${DEFAULT}`);

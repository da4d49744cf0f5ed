// The runtime's reaper: a tiny detached process that outlives the platform.
// The platform writes "+<pgid>" when it starts a service group and
// "-<pgid>" when that group is gone. When the platform dies by any means
// (even SIGKILL), this process's stdin closes: it then kills every group
// still listed (SIGTERM, then SIGKILL) and exits. No orphans.
import { createInterface } from 'node:readline';

const groups = new Set();
let reaping = false;

function alive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

function signal(pgid, sig) {
  try {
    process.kill(-pgid, sig);
  } catch {
    // gone
  }
}

function reap() {
  if (reaping) return;
  reaping = true;
  const targets = [...groups].filter(alive);
  for (const g of targets) signal(g, 'SIGTERM');
  const deadline = Date.now() + 2000;
  const tick = () => {
    const left = targets.filter(alive);
    if (left.length === 0) return process.exit(0);
    if (Date.now() >= deadline) {
      for (const g of left) signal(g, 'SIGKILL');
      return setTimeout(() => process.exit(0), 100);
    }
    setTimeout(tick, 50);
  };
  tick();
}

createInterface({ input: process.stdin })
  .on('line', (line) => {
    const pgid = Number(line.slice(1));
    if (!Number.isInteger(pgid) || pgid <= 1) return;
    if (line[0] === '+') groups.add(pgid);
    else if (line[0] === '-') groups.delete(pgid);
  })
  .on('close', reap);
process.stdin.on('error', reap);
process.on('SIGTERM', reap);
process.on('SIGINT', () => {}); // a Ctrl-C in the platform's terminal is the platform's to handle
process.on('SIGHUP', () => {});

/**
 * A small stand-in for the runtime half, for the HTTP/store tests: it spawns
 * a real child process per instance (in its own process group, so orphan
 * checks are real) and reports phases and readiness through the events, but
 * its challenges, attachments and captures are fixed in memory.
 */
import type { FlowMark } from '../runtime/trafficSummary';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { Flow } from '../../shared/schemas';
import { answerFromFlows } from '../runtime/captures';
import type {
  AttachmentFile,
  ChallengeSpec,
  CreateRuntime,
  OpenVpnResult,
  Runtime,
  RuntimeOptions,
} from '../runtime/types';

const base = {
  category: 'web',
  difficulty: 'easy',
  description: 'test challenge',
  tags: ['test'],
  competitions: [] as string[],
  entrypoints: [{ name: 'web', protocol: 'http' as const }],
  dir: '/nonexistent',
};

export const FAKE_CHALLENGES: ChallengeSpec[] = [
  {
    ...base,
    id: 'T-CHAIN',
    name: 'Chained questions',
    network_topology: 'simple',
    auto_stop_on_solve: true,
    questions: [
      {
        id: 'q1',
        title: 'First',
        prompt: 'Say one',
        requires: [],
        max_attempts: 3,
        answers: ['one'],
        case_insensitive: false,
        points: 10,
      },
      {
        id: 'q2',
        title: 'Second',
        prompt: 'Say two',
        requires: ['q1'],
        max_attempts: 2,
        answers: ['two'],
        case_insensitive: true,
      },
      {
        id: 'q3',
        title: 'Third',
        prompt: 'Say three',
        requires: ['q2'],
        max_attempts: null,
        answers: ['three'],
        case_insensitive: false,
      },
    ],
  },
  {
    ...base,
    id: 'T-OPEN',
    name: 'Open questions',
    network_topology: 'simple',
    auto_stop_on_solve: false,
    questions: [
      {
        id: 'a',
        title: 'A',
        prompt: 'Say a',
        requires: [],
        max_attempts: 5,
        answers: ['a'],
        case_insensitive: false,
      },
      {
        id: 'b',
        title: 'B',
        prompt: 'Say b',
        requires: [],
        max_attempts: null,
        answers: ['b'],
        case_insensitive: false,
      },
    ],
  },
  {
    ...base,
    id: 'T-VPN',
    name: 'Engagement',
    network_topology: 'engagement',
    auto_stop_on_solve: false,
    questions: [],
  },
  {
    ...base,
    id: 'T-FAIL',
    name: 'Never ready',
    network_topology: 'simple',
    auto_stop_on_solve: false,
    questions: [],
  },
  {
    ...base,
    id: 'T-SLOW',
    name: 'Slow start',
    network_topology: 'simple',
    auto_stop_on_solve: false,
    questions: [],
  },
  {
    ...base,
    id: 'T-AUTUMN',
    name: 'Autumn only',
    network_topology: 'simple',
    auto_stop_on_solve: false,
    questions: [],
    competitions: ['ctf-autumn'],
  },
];

export const WEIRD_NAME = 'notes #1 ?% é.txt';

function file(name: string, text: string, templated = false): AttachmentFile {
  const body = Buffer.from(text, 'utf8');
  return {
    name,
    size: body.length,
    templated,
    sha256: createHash('sha256').update(body).digest('hex'),
    body,
  };
}

export function fakeFlows(n: number): Flow[] {
  const flows: Flow[] = [];
  for (let i = 0; i < n; i++) {
    flows.push({
      id: `flow-${i}`,
      type: 'http',
      timestamp_created: 1_700_000_000 + i,
      request: {
        method: 'GET',
        scheme: 'http',
        host: '127.0.0.1',
        port: 80,
        path: `/item/${i}`,
        http_version: 'HTTP/1.1',
        headers: [
          ['Host', 'x'],
          ['Accept', '*/*'],
        ],
        content: null,
        timestamp_start: 1_700_000_000 + i,
      },
      response: {
        status_code: 200,
        reason: 'OK',
        http_version: 'HTTP/1.1',
        headers: [['Content-Type', 'application/json']],
        content: { encoding: 'utf-8', data: `{"i":${i}}`, size: 8 },
        timestamp_start: 1_700_000_000 + i,
        timestamp_end: 1_700_000_000 + i,
      },
      error: null,
    });
  }
  return flows;
}

export interface FakeRuntime extends Runtime {
  /** flows served for an instance (default: none, so `{}`) */
  setTraffic(instanceId: string, flows: Flow[] | null): void;
  /** reports a recorded flow, as the real recorder does */
  emitFlow(instanceId: string, mark: FlowMark): void;
  pids(): number[];
}

export const createFakeRuntime: CreateRuntime = (options: RuntimeOptions): FakeRuntime => {
  const children = new Map<string, ChildProcess>();
  const readyAt = new Map<string, number>();
  const traffic = new Map<string, Flow[] | null>();
  const byId = new Map(FAKE_CHALLENGES.map((c) => [c.id, c]));

  const killGroup = (pgid: number) => {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  };

  const stop = async (id: string) => {
    const child = children.get(id);
    children.delete(id);
    if (!child?.pid) return;
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    killGroup(child.pid);
    await exited;
  };

  const runtime: FakeRuntime = {
    catalog: { list: () => [...FAKE_CHALLENGES], get: (id) => byId.get(id) },
    challengeAttachments: async () => [
      file('readme.txt', 'static readme'),
      file(WEIRD_NAME, 'weird'),
    ],
    instanceAttachments: async (_challenge, ctx) => [
      file('readme.txt', 'static readme'),
      file(WEIRD_NAME, 'weird'),
      file('team.txt', `team=${ctx.team.id} instance=${ctx.instance.id}`, true),
    ],
    start({ instanceId, challenge }) {
      const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
        detached: true,
        stdio: 'ignore',
      });
      children.set(instanceId, child);
      child.on('exit', () => {
        if (children.get(instanceId) === child) {
          children.delete(instanceId);
          options.events.onExited(instanceId, 'The service exited on its own.');
        }
      });
      setTimeout(() => options.events.onPhase(instanceId, 'waiting for health check'), 10);
      if (challenge.id === 'T-FAIL') {
        setTimeout(() => {
          void stop(instanceId);
          options.events.onFailed(instanceId, 'The readiness probe never passed.');
        }, 100);
        return;
      }
      if (challenge.id === 'T-SLOW') return; // stays starting
      setTimeout(() => {
        if (!children.has(instanceId)) return;
        readyAt.set(instanceId, Date.now());
        options.events.onReady(
          instanceId,
          [
            {
              name: 'web',
              protocol: 'http',
              host: '127.0.0.1',
              port: 1,
              url: 'http://127.0.0.1:1/',
            },
          ],
          {
            topology: challenge.network_topology,
            vpn_available: challenge.network_topology === 'engagement',
          },
        );
      }, 60);
    },
    stop,
    processGroupOf: (id) => children.get(id)?.pid,
    killProcessGroup: killGroup,
    openVpnConfig(id, challenge): OpenVpnResult {
      if (challenge.network_topology !== 'engagement') return { state: 'not-engagement' };
      const at = readyAt.get(id);
      if (at === undefined || !children.has(id)) return { state: 'not-running' };
      if (Date.now() - at < options.pkiDelayMs) return { state: 'pki-pending' };
      return { state: 'ready', body: `client\ndev tun\nremote 127.0.0.1 1194\n# ${id}\n` };
    },
    traffic: async (id) => {
      const flows = traffic.get(id);
      return flows ? answerFromFlows(flows) : null;
    },
    trafficFlow: async (id, flowId) =>
      traffic.get(id)?.findLast((flow) => flow.id === flowId) ?? null,
    async shutdown() {
      await Promise.all([...children.keys()].map((id) => stop(id)));
    },
    setTraffic: (id, flows) => traffic.set(id, flows),
    emitFlow: (id, mark) => options.events.onFlow?.(id, mark),
    pids: () => [...children.values()].flatMap((c) => (c.pid ? [c.pid] : [])),
  };
  return runtime;
};

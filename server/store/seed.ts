/**
 * Demo data written to a fresh DATA_DIR (see the README and e2e/TEAMS.md):
 * alice is on team-red (ctf-spring) and team-night (ctf-autumn), bob is her
 * team-mate on team-red, carol is on team-blue (ctf-spring). With
 * DEMO_EXTRA_TEAMS=N, teams e2e-01…e2e-NN (users e2eNNa, e2eNNb) join ctf-spring.
 * Every password is the user name.
 */
import type { Db } from './db';
import { hashPassword } from './passwords';

export const DEMO_COMPETITIONS = [
  { id: 'ctf-spring', name: 'Spring CTF 2026' },
  { id: 'ctf-autumn', name: 'Autumn Invitational 2026' },
] as const;

interface SeedTeam {
  id: string;
  name: string;
  competition_id: string;
  members: { name: string; display_name: string }[];
}

export function demoTeams(extraTeams: number): SeedTeam[] {
  const teams: SeedTeam[] = [
    {
      id: 'team-red',
      name: 'Team Red',
      competition_id: 'ctf-spring',
      members: [
        { name: 'alice', display_name: 'Alice' },
        { name: 'bob', display_name: 'Bob' },
      ],
    },
    {
      id: 'team-blue',
      name: 'Team Blue',
      competition_id: 'ctf-spring',
      members: [{ name: 'carol', display_name: 'Carol' }],
    },
    {
      id: 'team-night',
      name: 'Team Night',
      competition_id: 'ctf-autumn',
      members: [{ name: 'alice', display_name: 'Alice' }],
    },
  ];
  for (let n = 1; n <= extraTeams; n++) {
    const nn = String(n).padStart(2, '0');
    teams.push({
      id: `e2e-${nn}`,
      name: `e2e-${nn}`,
      competition_id: 'ctf-spring',
      members: [
        { name: `e2e${nn}a`, display_name: `E2E ${nn} A` },
        { name: `e2e${nn}b`, display_name: `E2E ${nn} B` },
      ],
    });
  }
  return teams;
}

/** The demo logins, for the start-up banner. */
export function demoLogins(): { user: string; teams: string }[] {
  const byUser = new Map<string, string[]>();
  for (const t of demoTeams(0)) {
    for (const m of t.members) {
      const list = byUser.get(m.name) ?? [];
      list.push(`${t.id} (${t.competition_id})`);
      byUser.set(m.name, list);
    }
  }
  return [...byUser].map(([user, teams]) => ({ user, teams: teams.join(', ') }));
}

export async function seedDemoData(db: Db, extraTeams: number): Promise<void> {
  const teams = demoTeams(extraTeams);
  const users = new Map<string, string>();
  for (const t of teams) for (const m of t.members) users.set(m.name, m.display_name);
  const hashes = new Map<string, string>();
  await Promise.all(
    [...users.keys()].map(async (name) => hashes.set(name, await hashPassword(name))),
  );

  const insertCompetition = db.prepare('INSERT INTO competitions (id, name) VALUES (?, ?)');
  const insertUser = db.prepare(
    'INSERT INTO users (id, name, display_name, password_hash) VALUES (?, ?, ?, ?)',
  );
  const insertTeam = db.prepare('INSERT INTO teams (id, name, competition_id) VALUES (?, ?, ?)');
  const insertMember = db.prepare('INSERT INTO memberships (user_id, team_id) VALUES (?, ?)');
  db.transaction(() => {
    for (const c of DEMO_COMPETITIONS) insertCompetition.run(c.id, c.name);
    for (const [name, display] of users) {
      insertUser.run(`u-${name}`, name, display, hashes.get(name));
    }
    for (const t of teams) {
      insertTeam.run(t.id, t.name, t.competition_id);
      for (const m of t.members) insertMember.run(`u-${m.name}`, t.id);
    }
    db.prepare("INSERT INTO meta (key, value) VALUES ('seeded_at', ?)").run(
      new Date().toISOString(),
    );
  })();
}

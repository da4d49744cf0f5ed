{
  "team_id": {{ team.id | dump }},
  "team_name": {{ team.name | dump }},
  "competition_id": {{ competition.id | dump }},
  "instance_id": {{ instance.id | dump }},
  "challenge_id": {{ challenge.id | dump }},
  "team_secret": {{ team_secret | dump }}
}

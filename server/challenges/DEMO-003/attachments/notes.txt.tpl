FIELD NOTES
===========
Prepared for team: {{ team.name }} ({{ team.id }})
Competition:       {{ competition.name }}
Instance:          {{ instance.id }}
Requested by:      {{ user.name }}

Day 1. The device in the lab runs a firmware image we copied (firmware.bin).
Day 2. The vendor's notes mention a token per team; yours is in team-token.json.
Day 3. Nothing else to report.

{% if team.name %}Good luck, {{ team.name }}.{% endif %}
flag{demo-003-read-the-notes}

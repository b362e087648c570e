"""Hospital social-work teams: admissions with the hardship assessment, supports given, appeals to
benefactors (donations and hand-overs), team activities, and the discharge hand-off to the home commune."""

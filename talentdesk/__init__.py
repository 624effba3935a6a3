"""talentdesk: a talent manager portal for creator–brand partnerships."""

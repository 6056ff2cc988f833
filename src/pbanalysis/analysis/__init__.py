"""Stage 4, analysis across documents: regions side by side (:mod:`.compare`), one region
(:mod:`.profile`), distinctive vocabulary (:mod:`.terms`), slogans, compounds and mechanisms
(:mod:`.expressions`)."""

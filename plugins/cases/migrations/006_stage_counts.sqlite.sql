-- My cases and the clinic's dashboard count an organization's (or a dentist's) cases by
-- stage on every page: these indexes answer that from the index alone, where the
-- organization's index made the count read every one of its cases' rows.
CREATE INDEX cases_cases_org_stage ON cases_cases (organization_id, stage);
CREATE INDEX cases_cases_owner_stage ON cases_cases (owner_user_id, organization_id, stage);
-- A database analysed before has no figures for the new indexes, and SQLite would take
-- them for the most selective: My cases' own query would sort the organization's cases
-- read through one. Analysing the table again gives them their real figures.
ANALYZE cases_cases;

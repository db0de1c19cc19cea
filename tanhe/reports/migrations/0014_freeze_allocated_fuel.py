"""Freeze triggers regenerated from tanhe/reports/freeze.py (python -m tanhe.frozen reports)."""

from django.db import migrations

# the triggers of 0012_freeze_stamped_fingerprint
DROP_OLD = {
    'sqlite': [
        """DROP TRIGGER reports_reportcell_frozen_insert""",
        """DROP TRIGGER reports_reportcell_frozen_update""",
        """DROP TRIGGER reports_reportcell_frozen_delete""",
        """DROP TRIGGER reports_testrecord_frozen_insert""",
        """DROP TRIGGER reports_testrecord_frozen_update""",
        """DROP TRIGGER reports_testrecord_frozen_delete""",
        """DROP TRIGGER reports_reportevidence_frozen_insert""",
        """DROP TRIGGER reports_reportevidence_frozen_update""",
        """DROP TRIGGER reports_reportevidence_frozen_delete""",
        """DROP TRIGGER reports_dailyfuelrecord_frozen_insert""",
        """DROP TRIGGER reports_dailyfuelrecord_frozen_update""",
        """DROP TRIGGER reports_dailyfuelrecord_frozen_delete""",
        """DROP TRIGGER reports_heatmeasurement_frozen_insert""",
        """DROP TRIGGER reports_heatmeasurement_frozen_update""",
        """DROP TRIGGER reports_heatmeasurement_frozen_delete""",
        """DROP TRIGGER reports_report_frozen_update""",
        """DROP TRIGGER reports_report_frozen_delete""",
    ],
    'postgresql': [
        """DROP TRIGGER reports_reportcell_frozen_insert ON reports_reportcell""",
        """DROP TRIGGER reports_reportcell_frozen_delete ON reports_reportcell""",
        """DROP TRIGGER reports_reportcell_frozen_update ON reports_reportcell""",
        """DROP FUNCTION reports_reportcell_frozen_new()""",
        """DROP FUNCTION reports_reportcell_frozen_old()""",
        """DROP FUNCTION reports_reportcell_frozen_both()""",
        """DROP TRIGGER reports_testrecord_frozen ON reports_testrecord""",
        """DROP FUNCTION reports_testrecord_frozen()""",
        """DROP TRIGGER reports_reportevidence_frozen ON reports_reportevidence""",
        """DROP FUNCTION reports_reportevidence_frozen()""",
        """DROP TRIGGER reports_dailyfuelrecord_frozen ON reports_dailyfuelrecord""",
        """DROP FUNCTION reports_dailyfuelrecord_frozen()""",
        """DROP TRIGGER reports_heatmeasurement_frozen ON reports_heatmeasurement""",
        """DROP FUNCTION reports_heatmeasurement_frozen()""",
        """DROP TRIGGER reports_report_frozen ON reports_report""",
        """DROP FUNCTION reports_report_frozen()""",
    ],
}

CREATE_OLD = {
    'sqlite': [
        """CREATE TRIGGER reports_reportcell_frozen_insert BEFORE INSERT ON reports_reportcell
        WHEN (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted')
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_reportcell_frozen_update BEFORE UPDATE ON reports_reportcell
        WHEN (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted')
             OR (NEW.report_id IS NOT OLD.report_id AND (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted'))
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_reportcell_frozen_delete BEFORE DELETE ON reports_reportcell
        WHEN (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted')
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_testrecord_frozen_insert BEFORE INSERT ON reports_testrecord
        WHEN (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted')
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_testrecord_frozen_update BEFORE UPDATE ON reports_testrecord
        WHEN (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted')
             OR (NEW.report_id IS NOT OLD.report_id AND (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted'))
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_testrecord_frozen_delete BEFORE DELETE ON reports_testrecord
        WHEN (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted')
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_reportevidence_frozen_insert BEFORE INSERT ON reports_reportevidence
        WHEN (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted')
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_reportevidence_frozen_update BEFORE UPDATE ON reports_reportevidence
        WHEN (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted')
             OR (NEW.report_id IS NOT OLD.report_id AND (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted'))
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_reportevidence_frozen_delete BEFORE DELETE ON reports_reportevidence
        WHEN (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted')
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_dailyfuelrecord_frozen_insert BEFORE INSERT ON reports_dailyfuelrecord
        WHEN (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted')
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_dailyfuelrecord_frozen_update BEFORE UPDATE ON reports_dailyfuelrecord
        WHEN (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted')
             OR (NEW.report_id IS NOT OLD.report_id AND (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted'))
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_dailyfuelrecord_frozen_delete BEFORE DELETE ON reports_dailyfuelrecord
        WHEN (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted')
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_heatmeasurement_frozen_insert BEFORE INSERT ON reports_heatmeasurement
        WHEN (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted')
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_heatmeasurement_frozen_update BEFORE UPDATE ON reports_heatmeasurement
        WHEN (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted')
             OR (NEW.report_id IS NOT OLD.report_id AND (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted'))
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_heatmeasurement_frozen_delete BEFORE DELETE ON reports_heatmeasurement
        WHEN (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted')
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_report_frozen_update BEFORE UPDATE ON reports_report
        WHEN OLD.state IN ('submitted', 'returned', 'accepted')
         AND (NEW.enterprise_id IS NOT OLD.enterprise_id
             OR NEW.year IS NOT OLD.year
             OR NEW.number IS NOT OLD.number
             OR NEW.plan_version_id IS NOT OLD.plan_version_id
             OR NEW.previous_id IS NOT OLD.previous_id
             OR NEW.contact_person IS NOT OLD.contact_person
             OR NEW.contact_phone IS NOT OLD.contact_phone
             OR NEW.contact_email IS NOT OLD.contact_email
             OR NEW.split_purchased_electricity IS NOT OLD.split_purchased_electricity
             OR NEW.declared_entity IS NOT OLD.declared_entity
             OR NEW.declared_legal_representative IS NOT OLD.declared_legal_representative
             OR NEW.stamped_pdf_id IS NOT OLD.stamped_pdf_id
             OR NEW.stamped_fingerprint IS NOT OLD.stamped_fingerprint
             OR NEW.autocalc_at IS NOT OLD.autocalc_at
             OR NEW.created_by_id IS NOT OLD.created_by_id
             OR NEW.created_at IS NOT OLD.created_at
             OR NEW.submitted_at IS NOT OLD.submitted_at
             OR NEW.is_final IS NOT OLD.is_final
             OR NEW.final_reason IS NOT OLD.final_reason
             OR (OLD.state = 'submitted' AND NEW.state NOT IN ('submitted', 'accepted', 'returned'))
             OR (OLD.state = 'returned' AND NEW.state NOT IN ('returned'))
             OR (OLD.state = 'accepted' AND NEW.state NOT IN ('accepted')))
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_report_frozen_delete BEFORE DELETE ON reports_report
        WHEN OLD.state IN ('submitted', 'returned', 'accepted')
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
    ],
    'postgresql': [
        """CREATE FUNCTION reports_reportcell_frozen_new() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM new_rows x JOIN reports_report p ON p.id = x.report_id WHERE p.state IN ('submitted', 'returned', 'accepted'))
          THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
          RETURN NULL;
        END $$""",
        """CREATE FUNCTION reports_reportcell_frozen_old() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM old_rows x JOIN reports_report p ON p.id = x.report_id WHERE p.state IN ('submitted', 'returned', 'accepted'))
          THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
          RETURN NULL;
        END $$""",
        """CREATE FUNCTION reports_reportcell_frozen_both() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM old_rows x JOIN reports_report p ON p.id = x.report_id WHERE p.state IN ('submitted', 'returned', 'accepted'))
             OR EXISTS (SELECT 1 FROM new_rows x JOIN reports_report p ON p.id = x.report_id WHERE p.state IN ('submitted', 'returned', 'accepted'))
          THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
          RETURN NULL;
        END $$""",
        """CREATE TRIGGER reports_reportcell_frozen_insert AFTER INSERT ON reports_reportcell
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
        EXECUTE FUNCTION reports_reportcell_frozen_new()""",
        """CREATE TRIGGER reports_reportcell_frozen_delete AFTER DELETE ON reports_reportcell
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
        EXECUTE FUNCTION reports_reportcell_frozen_old()""",
        """CREATE TRIGGER reports_reportcell_frozen_update AFTER UPDATE ON reports_reportcell
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
        EXECUTE FUNCTION reports_reportcell_frozen_both()""",
        """CREATE FUNCTION reports_testrecord_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            IF (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted') THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
            RETURN NEW;
          END IF;
          IF (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted') THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          IF NEW.report_id IS DISTINCT FROM OLD.report_id THEN
            IF (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted') THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
          END IF;
          RETURN NEW;
        END $$""",
        """CREATE TRIGGER reports_testrecord_frozen BEFORE INSERT OR UPDATE OR DELETE ON reports_testrecord
        FOR EACH ROW EXECUTE FUNCTION reports_testrecord_frozen()""",
        """CREATE FUNCTION reports_reportevidence_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            IF (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted') THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
            RETURN NEW;
          END IF;
          IF (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted') THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          IF NEW.report_id IS DISTINCT FROM OLD.report_id THEN
            IF (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted') THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
          END IF;
          RETURN NEW;
        END $$""",
        """CREATE TRIGGER reports_reportevidence_frozen BEFORE INSERT OR UPDATE OR DELETE ON reports_reportevidence
        FOR EACH ROW EXECUTE FUNCTION reports_reportevidence_frozen()""",
        """CREATE FUNCTION reports_dailyfuelrecord_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            IF (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted') THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
            RETURN NEW;
          END IF;
          IF (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted') THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          IF NEW.report_id IS DISTINCT FROM OLD.report_id THEN
            IF (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted') THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
          END IF;
          RETURN NEW;
        END $$""",
        """CREATE TRIGGER reports_dailyfuelrecord_frozen BEFORE INSERT OR UPDATE OR DELETE ON reports_dailyfuelrecord
        FOR EACH ROW EXECUTE FUNCTION reports_dailyfuelrecord_frozen()""",
        """CREATE FUNCTION reports_heatmeasurement_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            IF (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted') THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
            RETURN NEW;
          END IF;
          IF (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted') THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          IF NEW.report_id IS DISTINCT FROM OLD.report_id THEN
            IF (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted') THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
          END IF;
          RETURN NEW;
        END $$""",
        """CREATE TRIGGER reports_heatmeasurement_frozen BEFORE INSERT OR UPDATE OR DELETE ON reports_heatmeasurement
        FOR EACH ROW EXECUTE FUNCTION reports_heatmeasurement_frozen()""",
        """CREATE FUNCTION reports_report_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'DELETE' THEN
            IF OLD.state IN ('submitted', 'returned', 'accepted') THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
            RETURN OLD;
          END IF;
          IF OLD.state IN ('submitted', 'returned', 'accepted')
             AND (NEW.enterprise_id IS DISTINCT FROM OLD.enterprise_id
             OR NEW.year IS DISTINCT FROM OLD.year
             OR NEW.number IS DISTINCT FROM OLD.number
             OR NEW.plan_version_id IS DISTINCT FROM OLD.plan_version_id
             OR NEW.previous_id IS DISTINCT FROM OLD.previous_id
             OR NEW.contact_person IS DISTINCT FROM OLD.contact_person
             OR NEW.contact_phone IS DISTINCT FROM OLD.contact_phone
             OR NEW.contact_email IS DISTINCT FROM OLD.contact_email
             OR NEW.split_purchased_electricity IS DISTINCT FROM OLD.split_purchased_electricity
             OR NEW.declared_entity IS DISTINCT FROM OLD.declared_entity
             OR NEW.declared_legal_representative IS DISTINCT FROM OLD.declared_legal_representative
             OR NEW.stamped_pdf_id IS DISTINCT FROM OLD.stamped_pdf_id
             OR NEW.stamped_fingerprint IS DISTINCT FROM OLD.stamped_fingerprint
             OR NEW.autocalc_at IS DISTINCT FROM OLD.autocalc_at
             OR NEW.created_by_id IS DISTINCT FROM OLD.created_by_id
             OR NEW.created_at IS DISTINCT FROM OLD.created_at
             OR NEW.submitted_at IS DISTINCT FROM OLD.submitted_at
             OR NEW.is_final IS DISTINCT FROM OLD.is_final
             OR NEW.final_reason IS DISTINCT FROM OLD.final_reason
             OR (OLD.state = 'submitted' AND NEW.state NOT IN ('submitted', 'accepted', 'returned'))
             OR (OLD.state = 'returned' AND NEW.state NOT IN ('returned'))
             OR (OLD.state = 'accepted' AND NEW.state NOT IN ('accepted')))
          THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
          RETURN NEW;
        END $$""",
        """CREATE TRIGGER reports_report_frozen BEFORE UPDATE OR DELETE ON reports_report
        FOR EACH ROW EXECUTE FUNCTION reports_report_frozen()""",
    ],
}

# generated; tests/test_frozen.py checks these equal what the declaration generates
CREATE = {
    'sqlite': [
        """CREATE TRIGGER reports_reportcell_frozen_insert BEFORE INSERT ON reports_reportcell
        WHEN (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted')
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_reportcell_frozen_update BEFORE UPDATE ON reports_reportcell
        WHEN (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted')
             OR (NEW.report_id IS NOT OLD.report_id AND (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted'))
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_reportcell_frozen_delete BEFORE DELETE ON reports_reportcell
        WHEN (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted')
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_testrecord_frozen_insert BEFORE INSERT ON reports_testrecord
        WHEN (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted')
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_testrecord_frozen_update BEFORE UPDATE ON reports_testrecord
        WHEN (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted')
             OR (NEW.report_id IS NOT OLD.report_id AND (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted'))
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_testrecord_frozen_delete BEFORE DELETE ON reports_testrecord
        WHEN (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted')
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_reportevidence_frozen_insert BEFORE INSERT ON reports_reportevidence
        WHEN (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted')
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_reportevidence_frozen_update BEFORE UPDATE ON reports_reportevidence
        WHEN (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted')
             OR (NEW.report_id IS NOT OLD.report_id AND (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted'))
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_reportevidence_frozen_delete BEFORE DELETE ON reports_reportevidence
        WHEN (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted')
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_dailyfuelrecord_frozen_insert BEFORE INSERT ON reports_dailyfuelrecord
        WHEN (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted')
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_dailyfuelrecord_frozen_update BEFORE UPDATE ON reports_dailyfuelrecord
        WHEN (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted')
             OR (NEW.report_id IS NOT OLD.report_id AND (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted'))
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_dailyfuelrecord_frozen_delete BEFORE DELETE ON reports_dailyfuelrecord
        WHEN (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted')
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_heatmeasurement_frozen_insert BEFORE INSERT ON reports_heatmeasurement
        WHEN (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted')
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_heatmeasurement_frozen_update BEFORE UPDATE ON reports_heatmeasurement
        WHEN (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted')
             OR (NEW.report_id IS NOT OLD.report_id AND (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted'))
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_heatmeasurement_frozen_delete BEFORE DELETE ON reports_heatmeasurement
        WHEN (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted')
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_allocatedfuel_frozen_insert BEFORE INSERT ON reports_allocatedfuel
        WHEN (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted')
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_allocatedfuel_frozen_update BEFORE UPDATE ON reports_allocatedfuel
        WHEN (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted')
             OR (NEW.report_id IS NOT OLD.report_id AND (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted'))
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_allocatedfuel_frozen_delete BEFORE DELETE ON reports_allocatedfuel
        WHEN (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted')
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_report_frozen_update BEFORE UPDATE ON reports_report
        WHEN OLD.state IN ('submitted', 'returned', 'accepted')
         AND (NEW.enterprise_id IS NOT OLD.enterprise_id
             OR NEW.year IS NOT OLD.year
             OR NEW.number IS NOT OLD.number
             OR NEW.plan_version_id IS NOT OLD.plan_version_id
             OR NEW.previous_id IS NOT OLD.previous_id
             OR NEW.contact_person IS NOT OLD.contact_person
             OR NEW.contact_phone IS NOT OLD.contact_phone
             OR NEW.contact_email IS NOT OLD.contact_email
             OR NEW.split_purchased_electricity IS NOT OLD.split_purchased_electricity
             OR NEW.declared_entity IS NOT OLD.declared_entity
             OR NEW.declared_legal_representative IS NOT OLD.declared_legal_representative
             OR NEW.stamped_pdf_id IS NOT OLD.stamped_pdf_id
             OR NEW.stamped_fingerprint IS NOT OLD.stamped_fingerprint
             OR NEW.autocalc_at IS NOT OLD.autocalc_at
             OR NEW.created_by_id IS NOT OLD.created_by_id
             OR NEW.created_at IS NOT OLD.created_at
             OR NEW.submitted_at IS NOT OLD.submitted_at
             OR NEW.is_final IS NOT OLD.is_final
             OR NEW.final_reason IS NOT OLD.final_reason
             OR (OLD.state = 'submitted' AND NEW.state NOT IN ('submitted', 'accepted', 'returned'))
             OR (OLD.state = 'returned' AND NEW.state NOT IN ('returned'))
             OR (OLD.state = 'accepted' AND NEW.state NOT IN ('accepted')))
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER reports_report_frozen_delete BEFORE DELETE ON reports_report
        WHEN OLD.state IN ('submitted', 'returned', 'accepted')
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
    ],
    'postgresql': [
        """CREATE FUNCTION reports_reportcell_frozen_new() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM new_rows x JOIN reports_report p ON p.id = x.report_id WHERE p.state IN ('submitted', 'returned', 'accepted'))
          THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
          RETURN NULL;
        END $$""",
        """CREATE FUNCTION reports_reportcell_frozen_old() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM old_rows x JOIN reports_report p ON p.id = x.report_id WHERE p.state IN ('submitted', 'returned', 'accepted'))
          THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
          RETURN NULL;
        END $$""",
        """CREATE FUNCTION reports_reportcell_frozen_both() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM old_rows x JOIN reports_report p ON p.id = x.report_id WHERE p.state IN ('submitted', 'returned', 'accepted'))
             OR EXISTS (SELECT 1 FROM new_rows x JOIN reports_report p ON p.id = x.report_id WHERE p.state IN ('submitted', 'returned', 'accepted'))
          THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
          RETURN NULL;
        END $$""",
        """CREATE TRIGGER reports_reportcell_frozen_insert AFTER INSERT ON reports_reportcell
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
        EXECUTE FUNCTION reports_reportcell_frozen_new()""",
        """CREATE TRIGGER reports_reportcell_frozen_delete AFTER DELETE ON reports_reportcell
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
        EXECUTE FUNCTION reports_reportcell_frozen_old()""",
        """CREATE TRIGGER reports_reportcell_frozen_update AFTER UPDATE ON reports_reportcell
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
        EXECUTE FUNCTION reports_reportcell_frozen_both()""",
        """CREATE FUNCTION reports_testrecord_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            IF (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted') THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
            RETURN NEW;
          END IF;
          IF (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted') THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          IF NEW.report_id IS DISTINCT FROM OLD.report_id THEN
            IF (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted') THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
          END IF;
          RETURN NEW;
        END $$""",
        """CREATE TRIGGER reports_testrecord_frozen BEFORE INSERT OR UPDATE OR DELETE ON reports_testrecord
        FOR EACH ROW EXECUTE FUNCTION reports_testrecord_frozen()""",
        """CREATE FUNCTION reports_reportevidence_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            IF (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted') THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
            RETURN NEW;
          END IF;
          IF (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted') THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          IF NEW.report_id IS DISTINCT FROM OLD.report_id THEN
            IF (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted') THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
          END IF;
          RETURN NEW;
        END $$""",
        """CREATE TRIGGER reports_reportevidence_frozen BEFORE INSERT OR UPDATE OR DELETE ON reports_reportevidence
        FOR EACH ROW EXECUTE FUNCTION reports_reportevidence_frozen()""",
        """CREATE FUNCTION reports_dailyfuelrecord_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            IF (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted') THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
            RETURN NEW;
          END IF;
          IF (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted') THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          IF NEW.report_id IS DISTINCT FROM OLD.report_id THEN
            IF (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted') THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
          END IF;
          RETURN NEW;
        END $$""",
        """CREATE TRIGGER reports_dailyfuelrecord_frozen BEFORE INSERT OR UPDATE OR DELETE ON reports_dailyfuelrecord
        FOR EACH ROW EXECUTE FUNCTION reports_dailyfuelrecord_frozen()""",
        """CREATE FUNCTION reports_heatmeasurement_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            IF (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted') THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
            RETURN NEW;
          END IF;
          IF (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted') THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          IF NEW.report_id IS DISTINCT FROM OLD.report_id THEN
            IF (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted') THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
          END IF;
          RETURN NEW;
        END $$""",
        """CREATE TRIGGER reports_heatmeasurement_frozen BEFORE INSERT OR UPDATE OR DELETE ON reports_heatmeasurement
        FOR EACH ROW EXECUTE FUNCTION reports_heatmeasurement_frozen()""",
        """CREATE FUNCTION reports_allocatedfuel_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            IF (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted') THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
            RETURN NEW;
          END IF;
          IF (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted') THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          IF NEW.report_id IS DISTINCT FROM OLD.report_id THEN
            IF (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted') THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
          END IF;
          RETURN NEW;
        END $$""",
        """CREATE TRIGGER reports_allocatedfuel_frozen BEFORE INSERT OR UPDATE OR DELETE ON reports_allocatedfuel
        FOR EACH ROW EXECUTE FUNCTION reports_allocatedfuel_frozen()""",
        """CREATE FUNCTION reports_report_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'DELETE' THEN
            IF OLD.state IN ('submitted', 'returned', 'accepted') THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
            RETURN OLD;
          END IF;
          IF OLD.state IN ('submitted', 'returned', 'accepted')
             AND (NEW.enterprise_id IS DISTINCT FROM OLD.enterprise_id
             OR NEW.year IS DISTINCT FROM OLD.year
             OR NEW.number IS DISTINCT FROM OLD.number
             OR NEW.plan_version_id IS DISTINCT FROM OLD.plan_version_id
             OR NEW.previous_id IS DISTINCT FROM OLD.previous_id
             OR NEW.contact_person IS DISTINCT FROM OLD.contact_person
             OR NEW.contact_phone IS DISTINCT FROM OLD.contact_phone
             OR NEW.contact_email IS DISTINCT FROM OLD.contact_email
             OR NEW.split_purchased_electricity IS DISTINCT FROM OLD.split_purchased_electricity
             OR NEW.declared_entity IS DISTINCT FROM OLD.declared_entity
             OR NEW.declared_legal_representative IS DISTINCT FROM OLD.declared_legal_representative
             OR NEW.stamped_pdf_id IS DISTINCT FROM OLD.stamped_pdf_id
             OR NEW.stamped_fingerprint IS DISTINCT FROM OLD.stamped_fingerprint
             OR NEW.autocalc_at IS DISTINCT FROM OLD.autocalc_at
             OR NEW.created_by_id IS DISTINCT FROM OLD.created_by_id
             OR NEW.created_at IS DISTINCT FROM OLD.created_at
             OR NEW.submitted_at IS DISTINCT FROM OLD.submitted_at
             OR NEW.is_final IS DISTINCT FROM OLD.is_final
             OR NEW.final_reason IS DISTINCT FROM OLD.final_reason
             OR (OLD.state = 'submitted' AND NEW.state NOT IN ('submitted', 'accepted', 'returned'))
             OR (OLD.state = 'returned' AND NEW.state NOT IN ('returned'))
             OR (OLD.state = 'accepted' AND NEW.state NOT IN ('accepted')))
          THEN RAISE EXCEPTION 'report version is submitted and cannot be changed'; END IF;
          RETURN NEW;
        END $$""",
        """CREATE TRIGGER reports_report_frozen BEFORE UPDATE OR DELETE ON reports_report
        FOR EACH ROW EXECUTE FUNCTION reports_report_frozen()""",
    ],
}

DROP = {
    'sqlite': [
        """DROP TRIGGER reports_reportcell_frozen_insert""",
        """DROP TRIGGER reports_reportcell_frozen_update""",
        """DROP TRIGGER reports_reportcell_frozen_delete""",
        """DROP TRIGGER reports_testrecord_frozen_insert""",
        """DROP TRIGGER reports_testrecord_frozen_update""",
        """DROP TRIGGER reports_testrecord_frozen_delete""",
        """DROP TRIGGER reports_reportevidence_frozen_insert""",
        """DROP TRIGGER reports_reportevidence_frozen_update""",
        """DROP TRIGGER reports_reportevidence_frozen_delete""",
        """DROP TRIGGER reports_dailyfuelrecord_frozen_insert""",
        """DROP TRIGGER reports_dailyfuelrecord_frozen_update""",
        """DROP TRIGGER reports_dailyfuelrecord_frozen_delete""",
        """DROP TRIGGER reports_heatmeasurement_frozen_insert""",
        """DROP TRIGGER reports_heatmeasurement_frozen_update""",
        """DROP TRIGGER reports_heatmeasurement_frozen_delete""",
        """DROP TRIGGER reports_allocatedfuel_frozen_insert""",
        """DROP TRIGGER reports_allocatedfuel_frozen_update""",
        """DROP TRIGGER reports_allocatedfuel_frozen_delete""",
        """DROP TRIGGER reports_report_frozen_update""",
        """DROP TRIGGER reports_report_frozen_delete""",
    ],
    'postgresql': [
        """DROP TRIGGER reports_reportcell_frozen_insert ON reports_reportcell""",
        """DROP TRIGGER reports_reportcell_frozen_delete ON reports_reportcell""",
        """DROP TRIGGER reports_reportcell_frozen_update ON reports_reportcell""",
        """DROP FUNCTION reports_reportcell_frozen_new()""",
        """DROP FUNCTION reports_reportcell_frozen_old()""",
        """DROP FUNCTION reports_reportcell_frozen_both()""",
        """DROP TRIGGER reports_testrecord_frozen ON reports_testrecord""",
        """DROP FUNCTION reports_testrecord_frozen()""",
        """DROP TRIGGER reports_reportevidence_frozen ON reports_reportevidence""",
        """DROP FUNCTION reports_reportevidence_frozen()""",
        """DROP TRIGGER reports_dailyfuelrecord_frozen ON reports_dailyfuelrecord""",
        """DROP FUNCTION reports_dailyfuelrecord_frozen()""",
        """DROP TRIGGER reports_heatmeasurement_frozen ON reports_heatmeasurement""",
        """DROP FUNCTION reports_heatmeasurement_frozen()""",
        """DROP TRIGGER reports_allocatedfuel_frozen ON reports_allocatedfuel""",
        """DROP FUNCTION reports_allocatedfuel_frozen()""",
        """DROP TRIGGER reports_report_frozen ON reports_report""",
        """DROP FUNCTION reports_report_frozen()""",
    ],
}


def _run(statements, schema_editor):
    for sql in statements[schema_editor.connection.vendor]:
        schema_editor.execute(sql)


def forwards(apps, schema_editor):
    _run(DROP_OLD, schema_editor)
    _run(CREATE, schema_editor)


def backwards(apps, schema_editor):
    _run(DROP, schema_editor)
    _run(CREATE_OLD, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("reports", "0013_allocated_fuel")]
    operations = [migrations.RunPython(forwards, backwards)]

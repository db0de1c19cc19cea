"""Freeze triggers generated from tanhe/plans/freeze.py (tanhe/frozen.py), replacing the
hand-written ones of 0002: same rules, one list. Later changes: python -m tanhe.frozen plans."""

from django.db import migrations


# the hand-written triggers this migration replaces
DROP_OLD = {
    'sqlite': [
        """DROP TRIGGER plans_planbasicinfo_frozen_insert""",
        """DROP TRIGGER plans_planbasicinfo_frozen_update""",
        """DROP TRIGGER plans_planbasicinfo_frozen_delete""",
        """DROP TRIGGER plans_planunit_frozen_insert""",
        """DROP TRIGGER plans_planunit_frozen_update""",
        """DROP TRIGGER plans_planunit_frozen_delete""",
        """DROP TRIGGER plans_planfacility_frozen_insert""",
        """DROP TRIGGER plans_planfacility_frozen_update""",
        """DROP TRIGGER plans_planfacility_frozen_delete""",
        """DROP TRIGGER plans_planmethod_frozen_insert""",
        """DROP TRIGGER plans_planmethod_frozen_update""",
        """DROP TRIGGER plans_planmethod_frozen_delete""",
        """DROP TRIGGER plans_planattachment_frozen_insert""",
        """DROP TRIGGER plans_planattachment_frozen_update""",
        """DROP TRIGGER plans_planattachment_frozen_delete""",
        """DROP TRIGGER plans_planversion_frozen_update""",
        """DROP TRIGGER plans_planversion_frozen_delete""",
    ],
    'postgresql': [
        """DROP TRIGGER plans_planbasicinfo_frozen ON plans_planbasicinfo""",
        """DROP TRIGGER plans_planunit_frozen ON plans_planunit""",
        """DROP TRIGGER plans_planfacility_frozen ON plans_planfacility""",
        """DROP TRIGGER plans_planmethod_frozen ON plans_planmethod""",
        """DROP TRIGGER plans_planattachment_frozen ON plans_planattachment""",
        """DROP TRIGGER plans_version_frozen ON plans_planversion""",
        """DROP FUNCTION plans_version_frozen()""",
        """DROP FUNCTION plans_child_frozen()""",
    ],
}

CREATE_OLD = {
    'sqlite': [
        """CREATE TRIGGER plans_planbasicinfo_frozen_insert BEFORE INSERT ON plans_planbasicinfo
                WHEN (SELECT state FROM plans_planversion WHERE id = NEW.version_id) IN ('submitted', 'approved')
                BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER plans_planbasicinfo_frozen_update BEFORE UPDATE ON plans_planbasicinfo
                WHEN (SELECT state FROM plans_planversion WHERE id = OLD.version_id) IN ('submitted', 'approved')
                BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER plans_planbasicinfo_frozen_delete BEFORE DELETE ON plans_planbasicinfo
                WHEN (SELECT state FROM plans_planversion WHERE id = OLD.version_id) IN ('submitted', 'approved')
                BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER plans_planunit_frozen_insert BEFORE INSERT ON plans_planunit
                WHEN (SELECT state FROM plans_planversion WHERE id = NEW.version_id) IN ('submitted', 'approved')
                BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER plans_planunit_frozen_update BEFORE UPDATE ON plans_planunit
                WHEN (SELECT state FROM plans_planversion WHERE id = OLD.version_id) IN ('submitted', 'approved')
                BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER plans_planunit_frozen_delete BEFORE DELETE ON plans_planunit
                WHEN (SELECT state FROM plans_planversion WHERE id = OLD.version_id) IN ('submitted', 'approved')
                BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER plans_planfacility_frozen_insert BEFORE INSERT ON plans_planfacility
                WHEN (SELECT state FROM plans_planversion WHERE id = NEW.version_id) IN ('submitted', 'approved')
                BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER plans_planfacility_frozen_update BEFORE UPDATE ON plans_planfacility
                WHEN (SELECT state FROM plans_planversion WHERE id = OLD.version_id) IN ('submitted', 'approved')
                BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER plans_planfacility_frozen_delete BEFORE DELETE ON plans_planfacility
                WHEN (SELECT state FROM plans_planversion WHERE id = OLD.version_id) IN ('submitted', 'approved')
                BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER plans_planmethod_frozen_insert BEFORE INSERT ON plans_planmethod
                WHEN (SELECT state FROM plans_planversion WHERE id = NEW.version_id) IN ('submitted', 'approved')
                BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER plans_planmethod_frozen_update BEFORE UPDATE ON plans_planmethod
                WHEN (SELECT state FROM plans_planversion WHERE id = OLD.version_id) IN ('submitted', 'approved')
                BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER plans_planmethod_frozen_delete BEFORE DELETE ON plans_planmethod
                WHEN (SELECT state FROM plans_planversion WHERE id = OLD.version_id) IN ('submitted', 'approved')
                BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER plans_planattachment_frozen_insert BEFORE INSERT ON plans_planattachment
                WHEN (SELECT state FROM plans_planversion WHERE id = NEW.version_id) IN ('submitted', 'approved')
                BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER plans_planattachment_frozen_update BEFORE UPDATE ON plans_planattachment
                WHEN (SELECT state FROM plans_planversion WHERE id = OLD.version_id) IN ('submitted', 'approved')
                BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER plans_planattachment_frozen_delete BEFORE DELETE ON plans_planattachment
                WHEN (SELECT state FROM plans_planversion WHERE id = OLD.version_id) IN ('submitted', 'approved')
                BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER plans_planversion_frozen_update BEFORE UPDATE ON plans_planversion
        WHEN OLD.state IN ('submitted', 'approved') AND (NEW.enterprise_id IS NOT OLD.enterprise_id OR NEW.number IS NOT OLD.number OR NEW.business_type IS NOT OLD.business_type OR NEW.based_on_id IS NOT OLD.based_on_id OR NEW.revision_reason IS NOT OLD.revision_reason OR NEW.revision_reason_text IS NOT OLD.revision_reason_text OR NEW.process_description IS NOT OLD.process_description OR NEW.boundary_description IS NOT OLD.boundary_description OR NEW.qa_text IS NOT OLD.qa_text
             OR (OLD.state = 'approved' AND NEW.state IS NOT 'approved')
             OR (OLD.state = 'submitted' AND NEW.state NOT IN ('submitted', 'approved', 'returned')))
        BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER plans_planversion_frozen_delete BEFORE DELETE ON plans_planversion
        WHEN OLD.state IN ('submitted', 'approved') BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
    ],
    'postgresql': [
        """CREATE FUNCTION plans_child_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE vid bigint; st varchar;
        BEGIN
          IF TG_OP = 'INSERT' THEN vid := NEW.version_id; ELSE vid := OLD.version_id; END IF;
          SELECT state INTO st FROM plans_planversion WHERE id = vid;
          IF st IN ('submitted', 'approved') THEN RAISE EXCEPTION 'plan version is submitted and cannot be changed'; END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          RETURN NEW;
        END $$""",
        """CREATE FUNCTION plans_version_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'DELETE' THEN
            IF OLD.state IN ('submitted', 'approved') THEN RAISE EXCEPTION 'plan version is submitted and cannot be changed'; END IF;
            RETURN OLD;
          END IF;
          IF OLD.state IN ('submitted', 'approved') AND (NEW.enterprise_id IS DISTINCT FROM OLD.enterprise_id OR NEW.number IS DISTINCT FROM OLD.number OR NEW.business_type IS DISTINCT FROM OLD.business_type OR NEW.based_on_id IS DISTINCT FROM OLD.based_on_id OR NEW.revision_reason IS DISTINCT FROM OLD.revision_reason OR NEW.revision_reason_text IS DISTINCT FROM OLD.revision_reason_text OR NEW.process_description IS DISTINCT FROM OLD.process_description OR NEW.boundary_description IS DISTINCT FROM OLD.boundary_description OR NEW.qa_text IS DISTINCT FROM OLD.qa_text
             OR (OLD.state = 'approved' AND NEW.state <> 'approved')
             OR (OLD.state = 'submitted' AND NEW.state NOT IN ('submitted', 'approved', 'returned')))
          THEN RAISE EXCEPTION 'plan version is submitted and cannot be changed'; END IF;
          RETURN NEW;
        END $$""",
        """CREATE TRIGGER plans_version_frozen BEFORE UPDATE OR DELETE ON plans_planversion
        FOR EACH ROW EXECUTE FUNCTION plans_version_frozen()""",
        """CREATE TRIGGER plans_planbasicinfo_frozen BEFORE INSERT OR UPDATE OR DELETE ON plans_planbasicinfo
            FOR EACH ROW EXECUTE FUNCTION plans_child_frozen()""",
        """CREATE TRIGGER plans_planunit_frozen BEFORE INSERT OR UPDATE OR DELETE ON plans_planunit
            FOR EACH ROW EXECUTE FUNCTION plans_child_frozen()""",
        """CREATE TRIGGER plans_planfacility_frozen BEFORE INSERT OR UPDATE OR DELETE ON plans_planfacility
            FOR EACH ROW EXECUTE FUNCTION plans_child_frozen()""",
        """CREATE TRIGGER plans_planmethod_frozen BEFORE INSERT OR UPDATE OR DELETE ON plans_planmethod
            FOR EACH ROW EXECUTE FUNCTION plans_child_frozen()""",
        """CREATE TRIGGER plans_planattachment_frozen BEFORE INSERT OR UPDATE OR DELETE ON plans_planattachment
            FOR EACH ROW EXECUTE FUNCTION plans_child_frozen()""",
    ],
}

# generated; tests/test_frozen.py checks these equal what the declaration generates
CREATE = {
    'sqlite': [
        """CREATE TRIGGER plans_planbasicinfo_frozen_insert BEFORE INSERT ON plans_planbasicinfo
        WHEN (SELECT state FROM plans_planversion WHERE id = NEW.version_id) IN ('submitted', 'approved')
        BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER plans_planbasicinfo_frozen_update BEFORE UPDATE ON plans_planbasicinfo
        WHEN (SELECT state FROM plans_planversion WHERE id = OLD.version_id) IN ('submitted', 'approved')
             OR (NEW.version_id IS NOT OLD.version_id AND (SELECT state FROM plans_planversion WHERE id = NEW.version_id) IN ('submitted', 'approved'))
        BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER plans_planbasicinfo_frozen_delete BEFORE DELETE ON plans_planbasicinfo
        WHEN (SELECT state FROM plans_planversion WHERE id = OLD.version_id) IN ('submitted', 'approved')
        BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER plans_planunit_frozen_insert BEFORE INSERT ON plans_planunit
        WHEN (SELECT state FROM plans_planversion WHERE id = NEW.version_id) IN ('submitted', 'approved')
        BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER plans_planunit_frozen_update BEFORE UPDATE ON plans_planunit
        WHEN (SELECT state FROM plans_planversion WHERE id = OLD.version_id) IN ('submitted', 'approved')
             OR (NEW.version_id IS NOT OLD.version_id AND (SELECT state FROM plans_planversion WHERE id = NEW.version_id) IN ('submitted', 'approved'))
        BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER plans_planunit_frozen_delete BEFORE DELETE ON plans_planunit
        WHEN (SELECT state FROM plans_planversion WHERE id = OLD.version_id) IN ('submitted', 'approved')
        BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER plans_planfacility_frozen_insert BEFORE INSERT ON plans_planfacility
        WHEN (SELECT state FROM plans_planversion WHERE id = NEW.version_id) IN ('submitted', 'approved')
        BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER plans_planfacility_frozen_update BEFORE UPDATE ON plans_planfacility
        WHEN (SELECT state FROM plans_planversion WHERE id = OLD.version_id) IN ('submitted', 'approved')
             OR (NEW.version_id IS NOT OLD.version_id AND (SELECT state FROM plans_planversion WHERE id = NEW.version_id) IN ('submitted', 'approved'))
        BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER plans_planfacility_frozen_delete BEFORE DELETE ON plans_planfacility
        WHEN (SELECT state FROM plans_planversion WHERE id = OLD.version_id) IN ('submitted', 'approved')
        BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER plans_planmethod_frozen_insert BEFORE INSERT ON plans_planmethod
        WHEN (SELECT state FROM plans_planversion WHERE id = NEW.version_id) IN ('submitted', 'approved')
        BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER plans_planmethod_frozen_update BEFORE UPDATE ON plans_planmethod
        WHEN (SELECT state FROM plans_planversion WHERE id = OLD.version_id) IN ('submitted', 'approved')
             OR (NEW.version_id IS NOT OLD.version_id AND (SELECT state FROM plans_planversion WHERE id = NEW.version_id) IN ('submitted', 'approved'))
        BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER plans_planmethod_frozen_delete BEFORE DELETE ON plans_planmethod
        WHEN (SELECT state FROM plans_planversion WHERE id = OLD.version_id) IN ('submitted', 'approved')
        BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER plans_planattachment_frozen_insert BEFORE INSERT ON plans_planattachment
        WHEN (SELECT state FROM plans_planversion WHERE id = NEW.version_id) IN ('submitted', 'approved')
        BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER plans_planattachment_frozen_update BEFORE UPDATE ON plans_planattachment
        WHEN (SELECT state FROM plans_planversion WHERE id = OLD.version_id) IN ('submitted', 'approved')
             OR (NEW.version_id IS NOT OLD.version_id AND (SELECT state FROM plans_planversion WHERE id = NEW.version_id) IN ('submitted', 'approved'))
        BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER plans_planattachment_frozen_delete BEFORE DELETE ON plans_planattachment
        WHEN (SELECT state FROM plans_planversion WHERE id = OLD.version_id) IN ('submitted', 'approved')
        BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER plans_planversion_frozen_update BEFORE UPDATE ON plans_planversion
        WHEN OLD.state IN ('submitted', 'approved')
         AND (NEW.enterprise_id IS NOT OLD.enterprise_id
             OR NEW.number IS NOT OLD.number
             OR NEW.business_type IS NOT OLD.business_type
             OR NEW.based_on_id IS NOT OLD.based_on_id
             OR NEW.revision_reason IS NOT OLD.revision_reason
             OR NEW.revision_reason_text IS NOT OLD.revision_reason_text
             OR NEW.process_description IS NOT OLD.process_description
             OR NEW.boundary_description IS NOT OLD.boundary_description
             OR NEW.qa_text IS NOT OLD.qa_text
             OR NEW.created_by_id IS NOT OLD.created_by_id
             OR NEW.created_at IS NOT OLD.created_at
             OR NEW.submitted_at IS NOT OLD.submitted_at
             OR (OLD.state = 'submitted' AND NEW.state NOT IN ('submitted', 'approved', 'returned'))
             OR (OLD.state = 'approved' AND NEW.state NOT IN ('approved')))
        BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
        """CREATE TRIGGER plans_planversion_frozen_delete BEFORE DELETE ON plans_planversion
        WHEN OLD.state IN ('submitted', 'approved')
        BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
    ],
    'postgresql': [
        """CREATE FUNCTION plans_planbasicinfo_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            IF (SELECT state FROM plans_planversion WHERE id = NEW.version_id) IN ('submitted', 'approved') THEN RAISE EXCEPTION 'plan version is submitted and cannot be changed'; END IF;
            RETURN NEW;
          END IF;
          IF (SELECT state FROM plans_planversion WHERE id = OLD.version_id) IN ('submitted', 'approved') THEN RAISE EXCEPTION 'plan version is submitted and cannot be changed'; END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          IF NEW.version_id IS DISTINCT FROM OLD.version_id THEN
            IF (SELECT state FROM plans_planversion WHERE id = NEW.version_id) IN ('submitted', 'approved') THEN RAISE EXCEPTION 'plan version is submitted and cannot be changed'; END IF;
          END IF;
          RETURN NEW;
        END $$""",
        """CREATE TRIGGER plans_planbasicinfo_frozen BEFORE INSERT OR UPDATE OR DELETE ON plans_planbasicinfo
        FOR EACH ROW EXECUTE FUNCTION plans_planbasicinfo_frozen()""",
        """CREATE FUNCTION plans_planunit_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            IF (SELECT state FROM plans_planversion WHERE id = NEW.version_id) IN ('submitted', 'approved') THEN RAISE EXCEPTION 'plan version is submitted and cannot be changed'; END IF;
            RETURN NEW;
          END IF;
          IF (SELECT state FROM plans_planversion WHERE id = OLD.version_id) IN ('submitted', 'approved') THEN RAISE EXCEPTION 'plan version is submitted and cannot be changed'; END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          IF NEW.version_id IS DISTINCT FROM OLD.version_id THEN
            IF (SELECT state FROM plans_planversion WHERE id = NEW.version_id) IN ('submitted', 'approved') THEN RAISE EXCEPTION 'plan version is submitted and cannot be changed'; END IF;
          END IF;
          RETURN NEW;
        END $$""",
        """CREATE TRIGGER plans_planunit_frozen BEFORE INSERT OR UPDATE OR DELETE ON plans_planunit
        FOR EACH ROW EXECUTE FUNCTION plans_planunit_frozen()""",
        """CREATE FUNCTION plans_planfacility_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            IF (SELECT state FROM plans_planversion WHERE id = NEW.version_id) IN ('submitted', 'approved') THEN RAISE EXCEPTION 'plan version is submitted and cannot be changed'; END IF;
            RETURN NEW;
          END IF;
          IF (SELECT state FROM plans_planversion WHERE id = OLD.version_id) IN ('submitted', 'approved') THEN RAISE EXCEPTION 'plan version is submitted and cannot be changed'; END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          IF NEW.version_id IS DISTINCT FROM OLD.version_id THEN
            IF (SELECT state FROM plans_planversion WHERE id = NEW.version_id) IN ('submitted', 'approved') THEN RAISE EXCEPTION 'plan version is submitted and cannot be changed'; END IF;
          END IF;
          RETURN NEW;
        END $$""",
        """CREATE TRIGGER plans_planfacility_frozen BEFORE INSERT OR UPDATE OR DELETE ON plans_planfacility
        FOR EACH ROW EXECUTE FUNCTION plans_planfacility_frozen()""",
        """CREATE FUNCTION plans_planmethod_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            IF (SELECT state FROM plans_planversion WHERE id = NEW.version_id) IN ('submitted', 'approved') THEN RAISE EXCEPTION 'plan version is submitted and cannot be changed'; END IF;
            RETURN NEW;
          END IF;
          IF (SELECT state FROM plans_planversion WHERE id = OLD.version_id) IN ('submitted', 'approved') THEN RAISE EXCEPTION 'plan version is submitted and cannot be changed'; END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          IF NEW.version_id IS DISTINCT FROM OLD.version_id THEN
            IF (SELECT state FROM plans_planversion WHERE id = NEW.version_id) IN ('submitted', 'approved') THEN RAISE EXCEPTION 'plan version is submitted and cannot be changed'; END IF;
          END IF;
          RETURN NEW;
        END $$""",
        """CREATE TRIGGER plans_planmethod_frozen BEFORE INSERT OR UPDATE OR DELETE ON plans_planmethod
        FOR EACH ROW EXECUTE FUNCTION plans_planmethod_frozen()""",
        """CREATE FUNCTION plans_planattachment_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            IF (SELECT state FROM plans_planversion WHERE id = NEW.version_id) IN ('submitted', 'approved') THEN RAISE EXCEPTION 'plan version is submitted and cannot be changed'; END IF;
            RETURN NEW;
          END IF;
          IF (SELECT state FROM plans_planversion WHERE id = OLD.version_id) IN ('submitted', 'approved') THEN RAISE EXCEPTION 'plan version is submitted and cannot be changed'; END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          IF NEW.version_id IS DISTINCT FROM OLD.version_id THEN
            IF (SELECT state FROM plans_planversion WHERE id = NEW.version_id) IN ('submitted', 'approved') THEN RAISE EXCEPTION 'plan version is submitted and cannot be changed'; END IF;
          END IF;
          RETURN NEW;
        END $$""",
        """CREATE TRIGGER plans_planattachment_frozen BEFORE INSERT OR UPDATE OR DELETE ON plans_planattachment
        FOR EACH ROW EXECUTE FUNCTION plans_planattachment_frozen()""",
        """CREATE FUNCTION plans_planversion_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'DELETE' THEN
            IF OLD.state IN ('submitted', 'approved') THEN RAISE EXCEPTION 'plan version is submitted and cannot be changed'; END IF;
            RETURN OLD;
          END IF;
          IF OLD.state IN ('submitted', 'approved')
             AND (NEW.enterprise_id IS DISTINCT FROM OLD.enterprise_id
             OR NEW.number IS DISTINCT FROM OLD.number
             OR NEW.business_type IS DISTINCT FROM OLD.business_type
             OR NEW.based_on_id IS DISTINCT FROM OLD.based_on_id
             OR NEW.revision_reason IS DISTINCT FROM OLD.revision_reason
             OR NEW.revision_reason_text IS DISTINCT FROM OLD.revision_reason_text
             OR NEW.process_description IS DISTINCT FROM OLD.process_description
             OR NEW.boundary_description IS DISTINCT FROM OLD.boundary_description
             OR NEW.qa_text IS DISTINCT FROM OLD.qa_text
             OR NEW.created_by_id IS DISTINCT FROM OLD.created_by_id
             OR NEW.created_at IS DISTINCT FROM OLD.created_at
             OR NEW.submitted_at IS DISTINCT FROM OLD.submitted_at
             OR (OLD.state = 'submitted' AND NEW.state NOT IN ('submitted', 'approved', 'returned'))
             OR (OLD.state = 'approved' AND NEW.state NOT IN ('approved')))
          THEN RAISE EXCEPTION 'plan version is submitted and cannot be changed'; END IF;
          RETURN NEW;
        END $$""",
        """CREATE TRIGGER plans_planversion_frozen BEFORE UPDATE OR DELETE ON plans_planversion
        FOR EACH ROW EXECUTE FUNCTION plans_planversion_frozen()""",
    ],
}

DROP = {
    'sqlite': [
        """DROP TRIGGER plans_planbasicinfo_frozen_insert""",
        """DROP TRIGGER plans_planbasicinfo_frozen_update""",
        """DROP TRIGGER plans_planbasicinfo_frozen_delete""",
        """DROP TRIGGER plans_planunit_frozen_insert""",
        """DROP TRIGGER plans_planunit_frozen_update""",
        """DROP TRIGGER plans_planunit_frozen_delete""",
        """DROP TRIGGER plans_planfacility_frozen_insert""",
        """DROP TRIGGER plans_planfacility_frozen_update""",
        """DROP TRIGGER plans_planfacility_frozen_delete""",
        """DROP TRIGGER plans_planmethod_frozen_insert""",
        """DROP TRIGGER plans_planmethod_frozen_update""",
        """DROP TRIGGER plans_planmethod_frozen_delete""",
        """DROP TRIGGER plans_planattachment_frozen_insert""",
        """DROP TRIGGER plans_planattachment_frozen_update""",
        """DROP TRIGGER plans_planattachment_frozen_delete""",
        """DROP TRIGGER plans_planversion_frozen_update""",
        """DROP TRIGGER plans_planversion_frozen_delete""",
    ],
    'postgresql': [
        """DROP TRIGGER plans_planbasicinfo_frozen ON plans_planbasicinfo""",
        """DROP FUNCTION plans_planbasicinfo_frozen()""",
        """DROP TRIGGER plans_planunit_frozen ON plans_planunit""",
        """DROP FUNCTION plans_planunit_frozen()""",
        """DROP TRIGGER plans_planfacility_frozen ON plans_planfacility""",
        """DROP FUNCTION plans_planfacility_frozen()""",
        """DROP TRIGGER plans_planmethod_frozen ON plans_planmethod""",
        """DROP FUNCTION plans_planmethod_frozen()""",
        """DROP TRIGGER plans_planattachment_frozen ON plans_planattachment""",
        """DROP FUNCTION plans_planattachment_frozen()""",
        """DROP TRIGGER plans_planversion_frozen ON plans_planversion""",
        """DROP FUNCTION plans_planversion_frozen()""",
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
    dependencies = [("plans", "0002_freeze_submitted")]
    operations = [migrations.RunPython(forwards, backwards)]

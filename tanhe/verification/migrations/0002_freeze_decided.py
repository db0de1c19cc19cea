"""Freeze triggers generated from tanhe/verification/freeze.py: a closed or rejected
non-conformity and its answers cannot change (python -m tanhe.frozen verification)."""

from django.db import migrations

DROP_OLD: dict[str, list[str]] = {'sqlite': [], 'postgresql': []}
CREATE_OLD: dict[str, list[str]] = {'sqlite': [], 'postgresql': []}
# generated; tests/test_frozen.py checks these equal what the declaration generates
CREATE = {
    'sqlite': [
        """CREATE TRIGGER verification_answer_frozen_insert BEFORE INSERT ON verification_answer
        WHEN (SELECT state FROM verification_nonconformity WHERE id = NEW.nonconformity_id) IN ('closed', 'rejected')
        BEGIN SELECT RAISE(ABORT, 'nonconformity is decided and cannot be changed'); END""",
        """CREATE TRIGGER verification_answer_frozen_update BEFORE UPDATE ON verification_answer
        WHEN (SELECT state FROM verification_nonconformity WHERE id = OLD.nonconformity_id) IN ('closed', 'rejected')
             OR (NEW.nonconformity_id IS NOT OLD.nonconformity_id AND (SELECT state FROM verification_nonconformity WHERE id = NEW.nonconformity_id) IN ('closed', 'rejected'))
        BEGIN SELECT RAISE(ABORT, 'nonconformity is decided and cannot be changed'); END""",
        """CREATE TRIGGER verification_answer_frozen_delete BEFORE DELETE ON verification_answer
        WHEN (SELECT state FROM verification_nonconformity WHERE id = OLD.nonconformity_id) IN ('closed', 'rejected')
        BEGIN SELECT RAISE(ABORT, 'nonconformity is decided and cannot be changed'); END""",
        """CREATE TRIGGER verification_answer_files_frozen_insert BEFORE INSERT ON verification_answer_files
        WHEN (SELECT state FROM verification_nonconformity WHERE id = (SELECT nonconformity_id FROM verification_answer WHERE id = NEW.answer_id)) IN ('closed', 'rejected')
        BEGIN SELECT RAISE(ABORT, 'nonconformity is decided and cannot be changed'); END""",
        """CREATE TRIGGER verification_answer_files_frozen_update BEFORE UPDATE ON verification_answer_files
        WHEN (SELECT state FROM verification_nonconformity WHERE id = (SELECT nonconformity_id FROM verification_answer WHERE id = OLD.answer_id)) IN ('closed', 'rejected')
             OR (NEW.answer_id IS NOT OLD.answer_id AND (SELECT state FROM verification_nonconformity WHERE id = (SELECT nonconformity_id FROM verification_answer WHERE id = NEW.answer_id)) IN ('closed', 'rejected'))
        BEGIN SELECT RAISE(ABORT, 'nonconformity is decided and cannot be changed'); END""",
        """CREATE TRIGGER verification_answer_files_frozen_delete BEFORE DELETE ON verification_answer_files
        WHEN (SELECT state FROM verification_nonconformity WHERE id = (SELECT nonconformity_id FROM verification_answer WHERE id = OLD.answer_id)) IN ('closed', 'rejected')
        BEGIN SELECT RAISE(ABORT, 'nonconformity is decided and cannot be changed'); END""",
        """CREATE TRIGGER verification_nonconformity_files_frozen_insert BEFORE INSERT ON verification_nonconformity_files
        WHEN (SELECT state FROM verification_nonconformity WHERE id = NEW.nonconformity_id) IN ('closed', 'rejected')
        BEGIN SELECT RAISE(ABORT, 'nonconformity is decided and cannot be changed'); END""",
        """CREATE TRIGGER verification_nonconformity_files_frozen_update BEFORE UPDATE ON verification_nonconformity_files
        WHEN (SELECT state FROM verification_nonconformity WHERE id = OLD.nonconformity_id) IN ('closed', 'rejected')
             OR (NEW.nonconformity_id IS NOT OLD.nonconformity_id AND (SELECT state FROM verification_nonconformity WHERE id = NEW.nonconformity_id) IN ('closed', 'rejected'))
        BEGIN SELECT RAISE(ABORT, 'nonconformity is decided and cannot be changed'); END""",
        """CREATE TRIGGER verification_nonconformity_files_frozen_delete BEFORE DELETE ON verification_nonconformity_files
        WHEN (SELECT state FROM verification_nonconformity WHERE id = OLD.nonconformity_id) IN ('closed', 'rejected')
        BEGIN SELECT RAISE(ABORT, 'nonconformity is decided and cannot be changed'); END""",
        """CREATE TRIGGER verification_nonconformity_items_frozen_insert BEFORE INSERT ON verification_nonconformity_items
        WHEN (SELECT state FROM verification_nonconformity WHERE id = NEW.nonconformity_id) IN ('closed', 'rejected')
        BEGIN SELECT RAISE(ABORT, 'nonconformity is decided and cannot be changed'); END""",
        """CREATE TRIGGER verification_nonconformity_items_frozen_update BEFORE UPDATE ON verification_nonconformity_items
        WHEN (SELECT state FROM verification_nonconformity WHERE id = OLD.nonconformity_id) IN ('closed', 'rejected')
             OR (NEW.nonconformity_id IS NOT OLD.nonconformity_id AND (SELECT state FROM verification_nonconformity WHERE id = NEW.nonconformity_id) IN ('closed', 'rejected'))
        BEGIN SELECT RAISE(ABORT, 'nonconformity is decided and cannot be changed'); END""",
        """CREATE TRIGGER verification_nonconformity_items_frozen_delete BEFORE DELETE ON verification_nonconformity_items
        WHEN (SELECT state FROM verification_nonconformity WHERE id = OLD.nonconformity_id) IN ('closed', 'rejected')
        BEGIN SELECT RAISE(ABORT, 'nonconformity is decided and cannot be changed'); END""",
        """CREATE TRIGGER verification_nonconformity_findings_frozen_insert BEFORE INSERT ON verification_nonconformity_findings
        WHEN (SELECT state FROM verification_nonconformity WHERE id = NEW.nonconformity_id) IN ('closed', 'rejected')
        BEGIN SELECT RAISE(ABORT, 'nonconformity is decided and cannot be changed'); END""",
        """CREATE TRIGGER verification_nonconformity_findings_frozen_update BEFORE UPDATE ON verification_nonconformity_findings
        WHEN (SELECT state FROM verification_nonconformity WHERE id = OLD.nonconformity_id) IN ('closed', 'rejected')
             OR (NEW.nonconformity_id IS NOT OLD.nonconformity_id AND (SELECT state FROM verification_nonconformity WHERE id = NEW.nonconformity_id) IN ('closed', 'rejected'))
        BEGIN SELECT RAISE(ABORT, 'nonconformity is decided and cannot be changed'); END""",
        """CREATE TRIGGER verification_nonconformity_findings_frozen_delete BEFORE DELETE ON verification_nonconformity_findings
        WHEN (SELECT state FROM verification_nonconformity WHERE id = OLD.nonconformity_id) IN ('closed', 'rejected')
        BEGIN SELECT RAISE(ABORT, 'nonconformity is decided and cannot be changed'); END""",
        """CREATE TRIGGER verification_nonconformity_samples_frozen_insert BEFORE INSERT ON verification_nonconformity_samples
        WHEN (SELECT state FROM verification_nonconformity WHERE id = NEW.nonconformity_id) IN ('closed', 'rejected')
        BEGIN SELECT RAISE(ABORT, 'nonconformity is decided and cannot be changed'); END""",
        """CREATE TRIGGER verification_nonconformity_samples_frozen_update BEFORE UPDATE ON verification_nonconformity_samples
        WHEN (SELECT state FROM verification_nonconformity WHERE id = OLD.nonconformity_id) IN ('closed', 'rejected')
             OR (NEW.nonconformity_id IS NOT OLD.nonconformity_id AND (SELECT state FROM verification_nonconformity WHERE id = NEW.nonconformity_id) IN ('closed', 'rejected'))
        BEGIN SELECT RAISE(ABORT, 'nonconformity is decided and cannot be changed'); END""",
        """CREATE TRIGGER verification_nonconformity_samples_frozen_delete BEFORE DELETE ON verification_nonconformity_samples
        WHEN (SELECT state FROM verification_nonconformity WHERE id = OLD.nonconformity_id) IN ('closed', 'rejected')
        BEGIN SELECT RAISE(ABORT, 'nonconformity is decided and cannot be changed'); END""",
        """CREATE TRIGGER verification_nonconformity_frozen_update BEFORE UPDATE ON verification_nonconformity
        WHEN OLD.state IN ('closed', 'rejected')
         AND (NEW.task_id IS NOT OLD.task_id
             OR NEW.number IS NOT OLD.number
             OR NEW.description IS NOT OLD.description
             OR NEW.category IS NOT OLD.category
             OR NEW.value_code IS NOT OLD.value_code
             OR NEW.unit_id IS NOT OLD.unit_id
             OR NEW.fuel IS NOT OLD.fuel
             OR NEW.issued_at IS NOT OLD.issued_at
             OR NEW.due_date IS NOT OLD.due_date
             OR NEW.decided_by_id IS NOT OLD.decided_by_id
             OR NEW.decided_at IS NOT OLD.decided_at
             OR NEW.decision_note IS NOT OLD.decision_note
             OR NEW.created_by_id IS NOT OLD.created_by_id
             OR NEW.created_at IS NOT OLD.created_at
             OR (OLD.state = 'closed' AND NEW.state NOT IN ('closed'))
             OR (OLD.state = 'rejected' AND NEW.state NOT IN ('rejected')))
        BEGIN SELECT RAISE(ABORT, 'nonconformity is decided and cannot be changed'); END""",
        """CREATE TRIGGER verification_nonconformity_frozen_delete BEFORE DELETE ON verification_nonconformity
        WHEN OLD.state IN ('closed', 'rejected')
        BEGIN SELECT RAISE(ABORT, 'nonconformity is decided and cannot be changed'); END""",
    ],
    'postgresql': [
        """CREATE FUNCTION verification_answer_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            IF (SELECT state FROM verification_nonconformity WHERE id = NEW.nonconformity_id) IN ('closed', 'rejected') THEN RAISE EXCEPTION 'nonconformity is decided and cannot be changed'; END IF;
            RETURN NEW;
          END IF;
          IF (SELECT state FROM verification_nonconformity WHERE id = OLD.nonconformity_id) IN ('closed', 'rejected') THEN RAISE EXCEPTION 'nonconformity is decided and cannot be changed'; END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          IF NEW.nonconformity_id IS DISTINCT FROM OLD.nonconformity_id THEN
            IF (SELECT state FROM verification_nonconformity WHERE id = NEW.nonconformity_id) IN ('closed', 'rejected') THEN RAISE EXCEPTION 'nonconformity is decided and cannot be changed'; END IF;
          END IF;
          RETURN NEW;
        END $$""",
        """CREATE TRIGGER verification_answer_frozen BEFORE INSERT OR UPDATE OR DELETE ON verification_answer
        FOR EACH ROW EXECUTE FUNCTION verification_answer_frozen()""",
        """CREATE FUNCTION verification_answer_files_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            IF (SELECT state FROM verification_nonconformity WHERE id = (SELECT nonconformity_id FROM verification_answer WHERE id = NEW.answer_id)) IN ('closed', 'rejected') THEN RAISE EXCEPTION 'nonconformity is decided and cannot be changed'; END IF;
            RETURN NEW;
          END IF;
          IF (SELECT state FROM verification_nonconformity WHERE id = (SELECT nonconformity_id FROM verification_answer WHERE id = OLD.answer_id)) IN ('closed', 'rejected') THEN RAISE EXCEPTION 'nonconformity is decided and cannot be changed'; END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          IF NEW.answer_id IS DISTINCT FROM OLD.answer_id THEN
            IF (SELECT state FROM verification_nonconformity WHERE id = (SELECT nonconformity_id FROM verification_answer WHERE id = NEW.answer_id)) IN ('closed', 'rejected') THEN RAISE EXCEPTION 'nonconformity is decided and cannot be changed'; END IF;
          END IF;
          RETURN NEW;
        END $$""",
        """CREATE TRIGGER verification_answer_files_frozen BEFORE INSERT OR UPDATE OR DELETE ON verification_answer_files
        FOR EACH ROW EXECUTE FUNCTION verification_answer_files_frozen()""",
        """CREATE FUNCTION verification_nonconformity_files_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            IF (SELECT state FROM verification_nonconformity WHERE id = NEW.nonconformity_id) IN ('closed', 'rejected') THEN RAISE EXCEPTION 'nonconformity is decided and cannot be changed'; END IF;
            RETURN NEW;
          END IF;
          IF (SELECT state FROM verification_nonconformity WHERE id = OLD.nonconformity_id) IN ('closed', 'rejected') THEN RAISE EXCEPTION 'nonconformity is decided and cannot be changed'; END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          IF NEW.nonconformity_id IS DISTINCT FROM OLD.nonconformity_id THEN
            IF (SELECT state FROM verification_nonconformity WHERE id = NEW.nonconformity_id) IN ('closed', 'rejected') THEN RAISE EXCEPTION 'nonconformity is decided and cannot be changed'; END IF;
          END IF;
          RETURN NEW;
        END $$""",
        """CREATE TRIGGER verification_nonconformity_files_frozen BEFORE INSERT OR UPDATE OR DELETE ON verification_nonconformity_files
        FOR EACH ROW EXECUTE FUNCTION verification_nonconformity_files_frozen()""",
        """CREATE FUNCTION verification_nonconformity_items_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            IF (SELECT state FROM verification_nonconformity WHERE id = NEW.nonconformity_id) IN ('closed', 'rejected') THEN RAISE EXCEPTION 'nonconformity is decided and cannot be changed'; END IF;
            RETURN NEW;
          END IF;
          IF (SELECT state FROM verification_nonconformity WHERE id = OLD.nonconformity_id) IN ('closed', 'rejected') THEN RAISE EXCEPTION 'nonconformity is decided and cannot be changed'; END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          IF NEW.nonconformity_id IS DISTINCT FROM OLD.nonconformity_id THEN
            IF (SELECT state FROM verification_nonconformity WHERE id = NEW.nonconformity_id) IN ('closed', 'rejected') THEN RAISE EXCEPTION 'nonconformity is decided and cannot be changed'; END IF;
          END IF;
          RETURN NEW;
        END $$""",
        """CREATE TRIGGER verification_nonconformity_items_frozen BEFORE INSERT OR UPDATE OR DELETE ON verification_nonconformity_items
        FOR EACH ROW EXECUTE FUNCTION verification_nonconformity_items_frozen()""",
        """CREATE FUNCTION verification_nonconformity_findings_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            IF (SELECT state FROM verification_nonconformity WHERE id = NEW.nonconformity_id) IN ('closed', 'rejected') THEN RAISE EXCEPTION 'nonconformity is decided and cannot be changed'; END IF;
            RETURN NEW;
          END IF;
          IF (SELECT state FROM verification_nonconformity WHERE id = OLD.nonconformity_id) IN ('closed', 'rejected') THEN RAISE EXCEPTION 'nonconformity is decided and cannot be changed'; END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          IF NEW.nonconformity_id IS DISTINCT FROM OLD.nonconformity_id THEN
            IF (SELECT state FROM verification_nonconformity WHERE id = NEW.nonconformity_id) IN ('closed', 'rejected') THEN RAISE EXCEPTION 'nonconformity is decided and cannot be changed'; END IF;
          END IF;
          RETURN NEW;
        END $$""",
        """CREATE TRIGGER verification_nonconformity_findings_frozen BEFORE INSERT OR UPDATE OR DELETE ON verification_nonconformity_findings
        FOR EACH ROW EXECUTE FUNCTION verification_nonconformity_findings_frozen()""",
        """CREATE FUNCTION verification_nonconformity_samples_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            IF (SELECT state FROM verification_nonconformity WHERE id = NEW.nonconformity_id) IN ('closed', 'rejected') THEN RAISE EXCEPTION 'nonconformity is decided and cannot be changed'; END IF;
            RETURN NEW;
          END IF;
          IF (SELECT state FROM verification_nonconformity WHERE id = OLD.nonconformity_id) IN ('closed', 'rejected') THEN RAISE EXCEPTION 'nonconformity is decided and cannot be changed'; END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          IF NEW.nonconformity_id IS DISTINCT FROM OLD.nonconformity_id THEN
            IF (SELECT state FROM verification_nonconformity WHERE id = NEW.nonconformity_id) IN ('closed', 'rejected') THEN RAISE EXCEPTION 'nonconformity is decided and cannot be changed'; END IF;
          END IF;
          RETURN NEW;
        END $$""",
        """CREATE TRIGGER verification_nonconformity_samples_frozen BEFORE INSERT OR UPDATE OR DELETE ON verification_nonconformity_samples
        FOR EACH ROW EXECUTE FUNCTION verification_nonconformity_samples_frozen()""",
        """CREATE FUNCTION verification_nonconformity_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'DELETE' THEN
            IF OLD.state IN ('closed', 'rejected') THEN RAISE EXCEPTION 'nonconformity is decided and cannot be changed'; END IF;
            RETURN OLD;
          END IF;
          IF OLD.state IN ('closed', 'rejected')
             AND (NEW.task_id IS DISTINCT FROM OLD.task_id
             OR NEW.number IS DISTINCT FROM OLD.number
             OR NEW.description IS DISTINCT FROM OLD.description
             OR NEW.category IS DISTINCT FROM OLD.category
             OR NEW.value_code IS DISTINCT FROM OLD.value_code
             OR NEW.unit_id IS DISTINCT FROM OLD.unit_id
             OR NEW.fuel IS DISTINCT FROM OLD.fuel
             OR NEW.issued_at IS DISTINCT FROM OLD.issued_at
             OR NEW.due_date IS DISTINCT FROM OLD.due_date
             OR NEW.decided_by_id IS DISTINCT FROM OLD.decided_by_id
             OR NEW.decided_at IS DISTINCT FROM OLD.decided_at
             OR NEW.decision_note IS DISTINCT FROM OLD.decision_note
             OR NEW.created_by_id IS DISTINCT FROM OLD.created_by_id
             OR NEW.created_at IS DISTINCT FROM OLD.created_at
             OR (OLD.state = 'closed' AND NEW.state NOT IN ('closed'))
             OR (OLD.state = 'rejected' AND NEW.state NOT IN ('rejected')))
          THEN RAISE EXCEPTION 'nonconformity is decided and cannot be changed'; END IF;
          RETURN NEW;
        END $$""",
        """CREATE TRIGGER verification_nonconformity_frozen BEFORE UPDATE OR DELETE ON verification_nonconformity
        FOR EACH ROW EXECUTE FUNCTION verification_nonconformity_frozen()""",
    ],
}

DROP = {
    'sqlite': [
        """DROP TRIGGER verification_answer_frozen_insert""",
        """DROP TRIGGER verification_answer_frozen_update""",
        """DROP TRIGGER verification_answer_frozen_delete""",
        """DROP TRIGGER verification_answer_files_frozen_insert""",
        """DROP TRIGGER verification_answer_files_frozen_update""",
        """DROP TRIGGER verification_answer_files_frozen_delete""",
        """DROP TRIGGER verification_nonconformity_files_frozen_insert""",
        """DROP TRIGGER verification_nonconformity_files_frozen_update""",
        """DROP TRIGGER verification_nonconformity_files_frozen_delete""",
        """DROP TRIGGER verification_nonconformity_items_frozen_insert""",
        """DROP TRIGGER verification_nonconformity_items_frozen_update""",
        """DROP TRIGGER verification_nonconformity_items_frozen_delete""",
        """DROP TRIGGER verification_nonconformity_findings_frozen_insert""",
        """DROP TRIGGER verification_nonconformity_findings_frozen_update""",
        """DROP TRIGGER verification_nonconformity_findings_frozen_delete""",
        """DROP TRIGGER verification_nonconformity_samples_frozen_insert""",
        """DROP TRIGGER verification_nonconformity_samples_frozen_update""",
        """DROP TRIGGER verification_nonconformity_samples_frozen_delete""",
        """DROP TRIGGER verification_nonconformity_frozen_update""",
        """DROP TRIGGER verification_nonconformity_frozen_delete""",
    ],
    'postgresql': [
        """DROP TRIGGER verification_answer_frozen ON verification_answer""",
        """DROP FUNCTION verification_answer_frozen()""",
        """DROP TRIGGER verification_answer_files_frozen ON verification_answer_files""",
        """DROP FUNCTION verification_answer_files_frozen()""",
        """DROP TRIGGER verification_nonconformity_files_frozen ON verification_nonconformity_files""",
        """DROP FUNCTION verification_nonconformity_files_frozen()""",
        """DROP TRIGGER verification_nonconformity_items_frozen ON verification_nonconformity_items""",
        """DROP FUNCTION verification_nonconformity_items_frozen()""",
        """DROP TRIGGER verification_nonconformity_findings_frozen ON verification_nonconformity_findings""",
        """DROP FUNCTION verification_nonconformity_findings_frozen()""",
        """DROP TRIGGER verification_nonconformity_samples_frozen ON verification_nonconformity_samples""",
        """DROP FUNCTION verification_nonconformity_samples_frozen()""",
        """DROP TRIGGER verification_nonconformity_frozen ON verification_nonconformity""",
        """DROP FUNCTION verification_nonconformity_frozen()""",
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
    dependencies = [("verification", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]


<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>A CA profile needs a CA subject name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A holder profile needs a person&apos;s subject name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile &quot;%1&quot; needs the organisation and its BIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile &quot;%1&quot; is for individuals; the subject must not name an organisation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A root CA certificate is self-signed: no issuer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The issuing CA certificate is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The validity period is empty or invalid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a usable e-mail address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The serial number must be positive, non-zero and at most 20 bytes long.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::ApplicationDecideCommand</name>
    <message>
        <source>Approve an application (CA officers; never one you registered)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject an application with a reason (CA officers; never one you registered)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark an approved application done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>application number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>why the application is rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a note for the history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application %1 is now %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::ApplicationListCommand</name>
    <message>
        <source>List applications with their status and deadline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only this CA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only this form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>registered, approved, rejected or done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only open applications (registered or approved)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only this IIN or BIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at most this many rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>skip this many rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown status %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IIN/BIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OVERDUE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>due today</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::ApplicationShowCommand</name>
    <message>
        <source>An application number is a positive whole number: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show one application with its history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>application number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application %1: %2, CA %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applicant: %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deadline: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OVERDUE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected because: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consent recorded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attachments: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Form data:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::ApplicationSubmitCommand</name>
    <message>
        <source>Register a filled-in official form (the form data as JSON; field ids from tirkeu-cli form show)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>form code, e.g. NCA-ISSUE-IND</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the form data: a JSON object keyed by field id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attachments checked as present, comma-separated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the applicant&apos;s consent to personal-data processing is recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>when the application was received (ISO 8601; default: now)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a JSON object: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not an ISO 8601 date and time: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application %1 registered at %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Legal deadline: %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::AuditExportAnchorCommand</name>
    <message>
        <source>Write the chain head of a finished day (or today&apos;s current head) as a small file to publish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the day (default: yesterday)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>write to FILE instead of standard output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a date (YYYY-MM-DD): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anchor written to %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::AuditListCommand</name>
    <message>
        <source>List event-log entries, newest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only events about this subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at most this many events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::AuditVerifyCommand</name>
    <message>
        <source>Walk the event log&apos;s hash chain and daily anchors; exit 8 and name the first broken link if tampered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The event log is broken at event %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The event log is intact: %1 events and %2 daily anchors checked.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CaAddCommand</name>
    <message>
        <source>Register a certification authority in this register (administrators)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>short code, e.g. NCA-RSA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>root, government or national</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA setting (repeatable): crl_period_hours, delta_period_hours, cdp_url, freshest_url, aia_url, publish_dir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown CA kind %1: use root, government or national.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A setting is KEY=VALUE: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA %1 added.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CaListCommand</name>
    <message>
        <source>List the certification authorities of this register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CalendarDeadlineCommand</name>
    <message>
        <source>Compute a legal deadline: N working days (or calendar days) after a date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the day the application was received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>within N working days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>within N calendar days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give either --working-days or --days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The number of days must be between 1 and 366.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CalendarSetCommand</name>
    <message>
        <source>Make a day a working day or a day off (a decree swap), or clear such an override (administrators)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the day is a working day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the day is a day off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>remove the override: the built-in rules apply again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>why (e.g. the decree)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give exactly one of --working, --day-off or --clear.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is now: %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CalendarShowCommand</name>
    <message>
        <source>working day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>worked weekend day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>weekend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>public holiday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>day off (moved holiday)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>day off (not moved)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>day off by decree</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a date (YYYY-MM-DD): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the holidays, moved days and overrides of a year (Kazakhstan working-day calendar)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the year (default: this year)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give a year between 2000 and 2100.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working days in %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CliApp</name>
    <message>
        <source>register: a SQLite file (default: the embedded register in your data folder, or $TIRKEU_DB)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>operator login to act as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>file whose first line is the operator&apos;s password (else $TIRKEU_PASSWORD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>machine-readable JSON on standard output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>language of messages (default: $TIRKEU_LANG or the system locale)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>show help (for a command: tirkeu-cli COMMAND --help)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>show the version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: tirkeu-cli [global options] COMMAND [options]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Global options</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exit codes: 0 success, 1 failure, 2 bad arguments, 3 invalid input, 4 not permitted, 5 not found, 6 wrong state, 7 register error, 8 integrity check failed, 9 key or certificate error, 10 file error, 11 busy (another run holds the lock).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: tirkeu-cli %1 [options]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Options</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tirkeu-cli: error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown language %1: use kk, ru or en.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown command: %1. See tirkeu-cli --help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (see tirkeu-cli %2 --help)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::CliContext</name>
    <message>
        <source>Cannot read the %1 file %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No %1 given: use a file option or set %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This command needs an operator: add --as LOGIN and --password-file FILE (or set TIRKEU_PASSWORD).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tirkeu-cli: error: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::DbInfoCommand</name>
    <message>
        <source>Show the register&apos;s location, schema version and contents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register:        %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register id:     %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schema version:  %1 (this program: %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created:         %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operators:       %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CAs:             %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applications:    %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates:    %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revocations:     %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit events:    %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::DbInitCommand</name>
    <message>
        <source>Create the register (or upgrade its schema) and, with --admin, its first administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>login of the first administrator (only for a register without operators)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>full name of the first administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>file whose first line is the new administrator&apos;s password (else $TIRKEU_ADMIN_PASSWORD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The register already has operators; add accounts with tirkeu-cli operator add.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>administrator password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register ready: %1 (schema version %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First administrator created: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The register has no operators yet: run db init --admin LOGIN to create the first administrator, or start tirkeu.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::FormListCommand</name>
    <message>
        <source>List the official forms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::FormShowCommand</name>
    <message>
        <source>Show a form&apos;s fields: the JSON keys of application submit --data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>form code, e.g. NCA-ISSUE-IND</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown form %1. Known forms: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each entry of &quot;persons&quot;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attachments (--attachments):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consent to personal-data processing must be recorded (--consent).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::OperatorAddCommand</name>
    <message>
        <source>Add an operator account (administrators)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>new login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>full name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>operator, officer, auditor or administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>file whose first line is the new operator&apos;s password (else $TIRKEU_NEW_PASSWORD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown role %1: use operator, officer, auditor or administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>new password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator %1 added (%2).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::OperatorDisableCommand</name>
    <message>
        <source>Disable an operator account (it is never deleted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>login to disable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator %1 disabled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::OperatorListCommand</name>
    <message>
        <source>List operator accounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::RetentionSetCommand</name>
    <message>
        <source>Change the retention periods of a CA kind (administrators)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>root, government or national</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>years records are kept after the certificate terminates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>years event logs are kept after the certificate expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown CA kind %1: use root, government or national.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retention periods of %1 CAs changed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::RetentionShowCommand</name>
    <message>
        <source>Show the retention periods per CA kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Records: years after termination</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event log: years after expiry</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::RetentionSweepCommand</name>
    <message>
        <source>Move records whose retention has ended into a verified archive, then delete them (administrators)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>folder for the archive file and its manifest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only count what is due; change nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give --archive-dir DIR (or --dry-run).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dry run: %1 records are due; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No record has reached the end of its retention period.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 records archived to %2 (SHA-256 %3) and removed from the register.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::forms::Identifiers</name>
    <message>
        <source>The BIN is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The IIN is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A BIN must have exactly 12 digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An IIN must have exactly 12 digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A BIN may contain only the digits 0-9.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An IIN may contain only the digits 0-9.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registration month in the BIN (digits 3-4) must be from 01 to 12.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The birth month in the IIN (digits 3-4) must be from 01 to 12.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The birth day in the IIN (digits 5-6) must be from 01 to 31.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The type digit of the BIN (5th digit) must be 4, 5 or 6.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The unit digit of the BIN (6th digit) must be 0, 1, 2 or 3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The check digit of the BIN (last digit) does not match: look for a typing error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The check digit of the IIN (last digit) does not match: look for a typing error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This number cannot be a BIN: no check digit exists for its first 11 digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This number cannot be an IIN: no check digit exists for its first 11 digits.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::forms::Validator</name>
    <message>
        <source>&quot;%1&quot; must be a list of choices.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot;: &quot;%2&quot; is not one of the allowed choices.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot;: &quot;%2&quot; is chosen more than once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a whole number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a single line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid e-mail address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a Kazakhstan phone number: +7 or 8 followed by 10 digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a date written as YYYY-MM-DD.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot;: %2 is not an existing date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a hexadecimal serial number of 1 to 40 digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Person %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot;: 3 years is allowed only when the key is on a token (see &quot;%2&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is required when &quot;%2&quot; includes another area.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown field &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is too long: %2 characters, at most %3 allowed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The letter must list at least one person.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the row is not a set of fields.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The required attachment &quot;%1&quot; is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown attachment &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The applicant&apos;s consent to the processing of personal data is not recorded.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::ApplicationQueueModel</name>
    <message>
        <source>This form has no legal deadline.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue: the deadline was %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due today.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No.</source>
        <comment>application number</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA</source>
        <comment>certification authority</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IIN/BIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::ApplicationQueuePage</name>
    <message>
        <source>&amp;CA:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All CAs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only applications still being worked on (registered or approved).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reject…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>due today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No applications match the filter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page %1 · rows %2–%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your role (%1) may not %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an application in the list first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve the selected application.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject the selected application, with a reason.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve application %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve application %1 (%2, %3)?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application %1 approved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject application %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason for rejecting application %1 (%2, %3):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application %1 rejected.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::FirstAdminDialog</name>
    <message>
        <source>Tirkeu — first administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This register has no operators yet. Create the first administrator: this account adds the other operators and the certification authorities.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latin lowercase letters, e.g. g.zhumabayeva</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Full name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at least %1 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Repeat password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Create administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two passwords differ. Type the same password twice.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::RegisterInfoPage</name>
    <message>
        <source>Location:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register ID:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schema version:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operators:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certification authorities:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applications:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revocations:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events in the audit log:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (this program knows up to %2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::CaKey</name>
    <message>
        <source>The CA key %1 cannot be used: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No CA key file given.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the CA key file %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not an encrypted PKCS#8 key (&quot;ENCRYPTED PRIVATE KEY&quot;); a CA key must never be kept in clear.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No private key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The private key cannot be exported (a key on a token or HSM stays there): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the exported private value does not match the public key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No private key to write.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A CA key file needs a passphrase.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scrypt cost N=2^%1, r=%2, p=%3 is out of range.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scrypt cost N=2^%1, r=%2 needs %3 MiB; OpenSSL reads back at most 32 MiB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The random generator failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot set up scrypt encryption: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot encrypt the private key: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot encode the encrypted key: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not an encrypted PKCS#8 private key: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong passphrase, or the key file is damaged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The decrypted private key cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already exists; it is not overwritten.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>write failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fsync failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>close failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file appeared meanwhile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rename failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::Certificate</name>
    <message>
        <source>The data is not an X.509 certificate in PEM or DER form.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate cannot be encoded: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::CertificateBuilder</name>
    <message>
        <source>&quot;%1&quot; is not a usable URL (http, https or ldap; ASCII, no spaces or commas).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CA key must be an RSA or EC key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The issuer certificate is not a CA certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate would outlive its CA certificate (valid until %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Out of memory or no random numbers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot fill in the certificate: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot add the certificate extensions: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing the certificate failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CA key does not belong to the issuing CA certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot encode the certificate: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::CmsSign</name>
    <message>
        <source>A certificate and its key are needed to sign.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot sign the content: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot encode the signed content: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::CmsVerify</name>
    <message>
        <source>The data is not a CMS/PKCS#7 signed message in DER or PEM form.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CMS message is not signed data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signed message does not contain the signed content.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The message must have exactly one signer, not %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature of the message does not verify: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signer&apos;s certificate is not in the message.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificates cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signer&apos;s certificate was not issued by the CA &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature of the signer&apos;s certificate does not verify with the CA &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signer&apos;s certificate is not valid at %1 (valid from %2 to %3).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::CrlWriter</name>
    <message>
        <source>No CA certificate or CA key to sign the CRL with.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CA certificate does not allow signing CRLs (no cRLSign).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CA key does not belong to the CA certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CRL&apos;s next update must come after its this-update time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A delta CRL&apos;s number must be greater than its base CRL&apos;s number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A delta CRL must not carry a freshest-CRL pointer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot encode the freshest-CRL URL &quot;%1&quot;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot encode the CRL header: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoked entry %1: the serial number is longer than 20 bytes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoked entry %1: the revocation time is out of range.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoked entry %1: the reason code %2 is not allowed in this CRL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CRL would exceed 4 GB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a usable CRL file name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the directory %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot hash the CRL: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::Csr</name>
    <message>
        <source>The data is not a CSR (PKCS#10 certificate request) in PEM or DER form.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The public key of the CSR cannot be read (malformed or of an unsupported algorithm).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key in the CSR is too weak: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key in the CSR is not accepted: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CSR is signed with an unknown algorithm.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CSR is signed with the weak digest %1; use SHA-256 or stronger.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature of the CSR does not verify: no proof of possession of the private key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key must be an RSA or EC key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write the CSR: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::KeyBackup</name>
    <message>
        <source>Not a valid Tirkeu key backup: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the first line is not &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 lines instead of %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1 should start with &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bad threshold or share count.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown cipher &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the nonce, ciphertext or tag cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the backup %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; cannot name backup files; use letters, digits, dots, dashes and underscores.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already exists; an earlier backup is never overwritten.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot serialise the private key: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot encrypt the key backup: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a share of another backup (%2, backup %3), not of %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share %1 was given twice (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This backup needs %1 of its %2 shares; only %3 were given. Nothing was restored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shares do not open %1: a share or the backup file has been altered. Nothing was restored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The restored private key cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The restored key does not match the fingerprint in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already exists; it is not overwritten.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::KeyGenerator</name>
    <message>
        <source>Unknown key algorithm &quot;%1&quot;; use rsa2048, rsa3072, rsa4096, p256 or p384.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RSA keys of %1 bits are not supported here; use 2048, 3072 or 4096 bits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot generate a %1 key: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No public key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The RSA key has %1 bits; at least %2 are required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The EC key uses the curve %1; only P-256 and P-384 are accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>with explicit parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 keys are not accepted; use RSA (2048 bits or more) or ECDSA P-256/P-384.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::Pkcs11Engine</name>
    <message>
        <source>&quot;%1&quot; is not a PKCS#11 URI.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PKCS#11 URI must not carry the PIN; give it from a prompt, a file or a variable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PKCS#11 module %1 does not exist (set TIRKEU_PKCS11_MODULE).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The OpenSSL pkcs11 engine is not available (install libengine-pkcs11-openssl): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot configure the pkcs11 engine: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot initialise the pkcs11 engine with %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot load the private key %1 from the token (wrong PIN, or no such token or object): %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::Pkcs12</name>
    <message>
        <source>A PKCS#12 file needs a private key and its certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A PKCS#12 file needs a password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 PBKDF2 iterations are too few; at least %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The private key does not belong to the certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Out of memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid CA certificate in the chain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot build the PKCS#12 file: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot encode the PKCS#12 file: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a PKCS#12 file: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PKCS#12 file has no integrity MAC; it is not accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong password, or the PKCS#12 file is damaged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the PKCS#12 contents: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::Profile</name>
    <message>
        <source>Unknown certificate profile &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown role of a legal entity&apos;s representative &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile &quot;%1&quot; needs the role of the legal entity&apos;s representative.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile &quot;%1&quot; takes no legal-entity role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Individual, signing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Individual, authentication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Legal entity, signing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Legal entity, authentication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Government body employee, signing and authentication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subordinate CA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Root CA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>first head</source>
        <comment>legal-entity role</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>signer</source>
        <comment>legal-entity role</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>financial signer</source>
        <comment>legal-entity role</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HR</source>
        <comment>legal-entity role</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>employee</source>
        <comment>legal-entity role</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::SecretSharing</name>
    <message>
        <source>The threshold must be at least 2 (it is %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 shares cannot meet a threshold of %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most %1 shares are possible (%2 asked).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The random generator failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no secret to split.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A threshold of %1 needs %2 coefficient sets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each coefficient set must be as long as the secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share index %1 is out of range (1 to 255).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share %1 was given twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shares have different lengths; they are not from one split.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 shares are needed to restore the secret; only %2 were given.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::SecretSource</name>
    <message>
        <source>No environment variable named for the secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The environment variable %1 is not set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the secret file %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No way to ask for the secret was given.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No passphrase or PIN was entered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The passphrase or PIN is empty.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::ShareFile</name>
    <message>
        <source>The share file is damaged or not a Tirkeu share: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the first line is not &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 lines instead of %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1 should start with &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a number or the share value cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the checksum does not match its contents.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>share index %1 is outside 1..%2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the share file %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::SignatureAlgorithm</name>
    <message>
        <source>The CA key must be an RSA or EC key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot build the signature algorithm: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::pki::SubjectName</name>
    <message>
        <source>The country must be a two-letter upper-case code, e.g. KZ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CA name is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The organisation of the CA is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The surname and the name of the holder are required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A name part is longer than %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The IIN must consist of exactly 12 digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The organisation and its BIN must be given together (or both left out).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The BIN must consist of exactly 12 digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The common name &quot;%1&quot; is longer than %2 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The organisation or unit name is longer than %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Out of memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot build the subject name: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot encode the subject name: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data is not a DER-encoded X.509 name.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Applications</name>
    <message>
        <source>registered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate %1 is not in this CA&apos;s register.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate %1 is already revoked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate %1 does not belong to the applicant named on the form.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown form %1. Known forms: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The form %1 is not used by the CA %2 (%3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CA %1 has ceased operation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The receipt time cannot be in the future.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A rejection needs a reason.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no application number %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application %1 is %2; it cannot become %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Four-eyes rule: application %1 was registered by you; another officer must approve or reject it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::AuditLog</name>
    <message>
        <source>Internal error: audit events are written only inside a transaction.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The event log is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No anchor for %1: no events were recorded that day.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event %1 is missing (deleted).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events %1 to %2 are missing (deleted).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event %1 is out of order.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event %1 does not link to the event before it (its previous hash differs).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event %1 was altered: its content does not match its hash.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event %1 does not match the daily anchor recorded for it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events after %1 are missing: the anchor of %2 names event %3.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::CaDirectory</name>
    <message>
        <source>A CA code is 2 to 32 characters: capital Latin letters, digits, dash or underscore (e.g. NCA-RSA).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CA name is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown CA setting: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A CA with the code %1 already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no CA %1 in this register.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::CalendarService</name>
    <message>
        <source>Give a real date between 2000 and 2100.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no override for %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Database</name>
    <message>
        <source>PostgreSQL registers are not supported by this version of Tirkeu yet; use a SQLite file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No register location given.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the register %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register query failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register schema statement failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A register transaction is already open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot start a register transaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No register transaction is open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot commit the register transaction</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Operators</name>
    <message>
        <source>A login is 2 to 32 characters: lowercase Latin letters, digits, dot, dash or underscore, starting with a letter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The operator&apos;s full name is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password must have at least %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password must not be the login.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An operator with the login %1 already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password could not be hashed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The register already has operators; an administrator must add new accounts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong login or password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account %1 is disabled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You cannot disable your own account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no operator with the login %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account %1 is already disabled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no operator number %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Register</name>
    <message>
        <source>There is no register at %1. Create it with: tirkeu-cli --db %1 db init</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Retention</name>
    <message>
        <source>Retention periods are whole years from 1 to 100.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name the archive folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the archive folder %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The archive %1 already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The archive read back does not hold the expected records; nothing was deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The retention sweep was refused by the register; nothing was deleted. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a Tirkeu archive manifest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The archive %1 is damaged at line %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The archive %1 does not match its manifest (SHA-256 differs).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The archive %1 holds %2 %3 records; its manifest says %4.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Roles</name>
    <message>
        <source>Sign in first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2) may not %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA officer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>auditor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>view the register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>register applications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>approve or reject applications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mark applications done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>issue certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>revoke certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>publish CRLs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>view the event log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>verify the event log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>manage operators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>manage CAs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>edit the working-day calendar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>change retention periods</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run the retention sweep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>back up CA keys</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Schema</name>
    <message>
        <source>This register was written by a newer Tirkeu (schema version %1); this program knows versions up to %2. Install the newer Tirkeu to open it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This register has schema version %1 and needs to be upgraded to %2 (tirkeu-cli db init upgrades it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upgrading the register to schema version %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::WorkingCalendar</name>
    <message>
        <source>New Year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>International Women&apos;s Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Constitution Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nauryz meiramy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kazakhstan People&apos;s Unity Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Defender of the Fatherland Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Victory Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capital City Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Republic Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Independence Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orthodox Christmas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kurban Ait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working day by decree</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day off by decree</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day off by government decree (worked on %1)</source>
        <extracomment>%1: the Sunday (dd.MM.yyyy) worked in exchange</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working day by government decree (for %1)</source>
        <extracomment>%1: the day off (dd.MM.yyyy) this working Sunday pays for</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (moved from %2)</source>
        <extracomment>name of a day off received from a holiday on a weekend; %1: holiday name, %2: its date (dd.MM.yyyy)</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>

<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_GB">
<context>
    <name>tirkeu::cli::ApplicationShowCommand</name>
    <message numerus="yes">
        <source>Person %1 (%2) left the job on %3; reported %n day(s) later</source>
        <translation><numerusform>Person %1 (%2) left the job on %3; reported %n day later</numerusform><numerusform>Person %1 (%2) left the job on %3; reported %n days later</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>LATE (limit %n day(s))</source>
        <translation><numerusform>LATE (limit %n day)</numerusform><numerusform>LATE (limit %n days)</numerusform></translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::AuditPublishAnchorsCommand</name>
    <message numerus="yes">
        <source>%n signed anchor(s) written to %1.</source>
        <translation><numerusform>%n signed anchor written to %1.</numerusform><numerusform>%n signed anchors written to %1.</numerusform></translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::DraftListCommand</name>
    <message numerus="yes">
        <source>List your drafts: applications typed and not registered yet (kept %n day(s) after the last change)</source>
        <translation><numerusform>List your drafts: applications typed and not registered yet (kept %n day after the last change)</numerusform><numerusform>List your drafts: applications typed and not registered yet (kept %n days after the last change)</numerusform></translation>
    </message>
</context>
<context>
    <name>tirkeu::cli::NotifyQueueExpiringCommand</name>
    <message numerus="yes">
        <source>%n expiry reminder(s) queued.</source>
        <translation><numerusform>%n expiry reminder queued.</numerusform><numerusform>%n expiry reminders queued.</numerusform></translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::ApplicationDetailsDialog</name>
    <message numerus="yes">
        <source>person %1 (%2) left on %3, reported %n day(s) later</source>
        <translation><numerusform>person %1 (%2) left on %3, reported %n day later</numerusform><numerusform>person %1 (%2) left on %3, reported %n days later</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>late, the limit is %n day(s)</source>
        <translation><numerusform>late, the limit is %n day</numerusform><numerusform>late, the limit is %n days</numerusform></translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::BatchIssueDialog</name>
    <message numerus="yes">
        <source>Passphrase of the CA key, to sign the certificates of %n request(s):</source>
        <translation><numerusform>Passphrase of the CA key, to sign the certificates of %n request:</numerusform><numerusform>Passphrase of the CA key, to sign the certificates of %n requests:</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Issuing %n certificate request(s)…</source>
        <translation><numerusform>Issuing %n certificate request…</numerusform><numerusform>Issuing %n certificate requests…</numerusform></translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::CertificateListPage</name>
    <message numerus="yes">
        <source>%n row(s) shown; scroll down for more.</source>
        <translation><numerusform>%n row shown; scroll down for more.</numerusform><numerusform>%n rows shown; scroll down for more.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n row(s).</source>
        <translation><numerusform>%n row.</numerusform><numerusform>%n rows.</numerusform></translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::CrlPublishDialog</name>
    <message numerus="yes">
        <source>Owed: %n key compromise(s) not yet in a published CRL (%1); publish a delta CRL now.</source>
        <translation><numerusform>Owed: %n key compromise not yet in a published CRL (%1); publish a delta CRL now.</numerusform><numerusform>Owed: %n key compromises not yet in a published CRL (%1); publish a delta CRL now.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%1 published: %n entries, next update %2.
SHA-256: %3
%4</source>
        <translation><numerusform>%1 published: %n entries, next update %2.
SHA-256: %3
%4</numerusform><numerusform>%1 published: %n entries, next update %2.
SHA-256: %3
%4</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Partition %1: CRL No. %2, %n entries, %3</source>
        <translation><numerusform>Partition %1: CRL No. %2, %n entries, %3</numerusform><numerusform>Partition %1: CRL No. %2, %n entries, %3</numerusform></translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::DraftsDialog</name>
    <message numerus="yes">
        <source>Applications you started and did not register. Each is deleted %n day(s) after its last change.</source>
        <translation><numerusform>Applications you started and did not register. Each is deleted %n day after its last change.</numerusform><numerusform>Applications you started and did not register. Each is deleted %n days after its last change.</numerusform></translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::IssuanceDialog</name>
    <message numerus="yes">
        <source>Passphrase of the CA key, to sign %n certificate(s) of the letter %1:</source>
        <translation><numerusform>Passphrase of the CA key, to sign %n certificate of the letter %1:</numerusform><numerusform>Passphrase of the CA key, to sign %n certificates of the letter %1:</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>A letter for %n person(s): each gets a key of their own.</source>
        <translation><numerusform>A letter for %n person: each gets a key of their own.</numerusform><numerusform>A letter for %n persons: each gets a key of their own.</numerusform></translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::IssueRunner</name>
    <message numerus="yes">
        <source>Issuing %n certificate(s)…</source>
        <translation><numerusform>Issuing %n certificate…</numerusform><numerusform>Issuing %n certificates…</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Cancelled after %n certificate(s); the others were not issued.</source>
        <translation><numerusform>Cancelled after %n certificate; the others were not issued.</numerusform><numerusform>Cancelled after %n certificates; the others were not issued.</numerusform></translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::NewApplicationDialog</name>
    <message numerus="yes">
        <source>Legal deadline: %n working day(s) from receipt.</source>
        <translation><numerusform>Legal deadline: %n working day from receipt.</numerusform><numerusform>Legal deadline: %n working days from receipt.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>The application is not registered yet. Keep what was typed as a draft (My drafts, kept %n day(s)), or discard it?</source>
        <translation><numerusform>The application is not registered yet. Keep what was typed as a draft (My drafts, kept %n day), or discard it?</numerusform><numerusform>The application is not registered yet. Keep what was typed as a draft (My drafts, kept %n days), or discard it?</numerusform></translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::NoticesPage</name>
    <message numerus="yes">
        <source>%n notice(s), newest first.</source>
        <translation><numerusform>%n notice, newest first.</numerusform><numerusform>%n notices, newest first.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n expiry reminder(s) queued.</source>
        <translation><numerusform>%n expiry reminder queued.</numerusform><numerusform>%n expiry reminders queued.</numerusform></translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::PersonsEditor</name>
    <message numerus="yes">
        <source>%n problem(s)</source>
        <translation><numerusform>%n problem</numerusform><numerusform>%n problems</numerusform></translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::ReportsPage</name>
    <message numerus="yes">
        <source>%n page(s).</source>
        <translation><numerusform>%n page.</numerusform><numerusform>%n pages.</numerusform></translation>
    </message>
</context>
<context>
    <name>tirkeu::gui::SettingsDialog</name>
    <message numerus="yes">
        <source>%n working day(s)</source>
        <translation><numerusform>%n working day</numerusform><numerusform>%n working days</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n calendar day(s)</source>
        <translation><numerusform>%n calendar day</numerusform><numerusform>%n calendar days</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>at least %n year(s) after termination</source>
        <translation><numerusform>at least %n year after termination</numerusform><numerusform>at least %n years after termination</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>at least %n year(s) after expiry</source>
        <translation><numerusform>at least %n year after expiry</numerusform><numerusform>at least %n years after expiry</numerusform></translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Agenda</name>
    <message numerus="yes">
        <source>Certificates expiring within %n day(s): %1</source>
        <translation><numerusform>Certificates expiring within %n day: %1</numerusform><numerusform>Certificates expiring within %n days: %1</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>CA certificates ending within %n day(s) or ended: %1</source>
        <translation><numerusform>CA certificates ending within %n day or ended: %1</numerusform><numerusform>CA certificates ending within %n days or ended: %1</numerusform></translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Backup</name>
    <message numerus="yes">
        <source>%n more</source>
        <translation><numerusform>%n more</numerusform><numerusform>%n more</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n revocation(s) the backup does not have, or has otherwise, which OCSP may already have answered as revoked: %1</source>
        <translation><numerusform>%n revocation the backup does not have, or has otherwise, which OCSP may already have answered as revoked: %1</numerusform><numerusform>%n revocations the backup does not have, or has otherwise, which OCSP may already have answered as revoked: %1</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n certificate(s) issued after the backup, which the restored register would not know: %1</source>
        <translation><numerusform>%n certificate issued after the backup, which the restored register would not know: %1</numerusform><numerusform>%n certificates issued after the backup, which the restored register would not know: %1</numerusform></translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::CaEngine</name>
    <message numerus="yes">
        <source>%n CRL(s) published.</source>
        <translation><numerusform>%n CRL published.</numerusform><numerusform>%n CRLs published.</numerusform></translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Database</name>
    <message numerus="yes">
        <source>This computer's clock reads %1 and the database server's %2: %n minute(s) apart, more than the %3 the register allows. Events recorded from here would be misdated, so nothing is recorded. Set the clock right (this computer's, or the server's if every workstation is refused).</source>
        <translation><numerusform>This computer's clock reads %1 and the database server's %2: %n minute apart, more than the %3 the register allows. Events recorded from here would be misdated, so nothing is recorded. Set the clock right (this computer's, or the server's if every workstation is refused).</numerusform><numerusform>This computer's clock reads %1 and the database server's %2: %n minutes apart, more than the %3 the register allows. Events recorded from here would be misdated, so nothing is recorded. Set the clock right (this computer's, or the server's if every workstation is refused).</numerusform></translation>
    </message>
</context>
<context>
    <name>tirkeu::registry::Drafts</name>
    <message numerus="yes">
        <source>%n person(s)</source>
        <translation><numerusform>%n person</numerusform><numerusform>%n persons</numerusform></translation>
    </message>
</context>
</TS>
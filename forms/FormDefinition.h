#pragma once
// The official forms of SPEC.md §2 as DATA. Each form is defined once: stable lowercase English field
// ids (the JSON keys of `application submit --data` and the AcroForm field names of the PDF
// templates), types, Kazakh / Russian labels as printed on the official form (plus English for the
// English UI), required flags, limits and required attachments. The GUI builds its pages from these
// definitions; registry validates every submission with them.

#include <QList>
#include <QString>
#include <QStringList>

namespace tirkeu::forms {

enum class CaKind { Root, Government, National };
enum class FormPurpose { Issue, Revoke };
enum class SubjectKind { Individual, LegalEntity, GovernmentEmployee, CertificationAuthority };

enum class FieldType {
    Text,     // single line
    LongText, // multi-line (addresses, reasons)
    Iin,      // 12 digits, IIN check digit
    Bin,      // 12 digits, BIN check digit
    Email,
    Phone,       // +7 and 10 digits, spaces/brackets/dashes allowed when typed
    Date,        // ISO yyyy-MM-dd in JSON
    Choice,      // one of choices[].id
    MultiChoice, // JSON array of choices[].id (e.g. areas of use)
    Serial,      // certificate serial number, hex (colons/spaces allowed when typed)
    Integer,
};

struct Label {
    QString kk;
    QString ru;
    QString en;
    // The label in the given UI language ("kk", "ru", anything else = English).
    QString in(const QString& lang) const { return lang == u"kk" ? kk : lang == u"ru" ? ru : en; }
};

struct ChoiceDef {
    QString id; // stable value stored in JSON, e.g. "sign", "auth", "first_head"
    Label label;
};

struct FieldDef {
    QString id; // stable lowercase English id: iin, bin, surname, name, patronymic, ...
    FieldType type = FieldType::Text;
    Label label;
    bool required = false;
    int maxLength = 0; // 0 = type default; short_name is 64
    QList<ChoiceDef> choices;
    QString defaultValue; // prefilled value, e.g. validity "1y"
    Label hint;           // optional help text under the field
    // Printed on the official form (and its fillable template). False for what the register needs but the
    // seed's form has no line for (entered from the letter's text, e.g. the day a holder left the job).
    bool onPaper = true;
};

struct AttachmentDef {
    QString id; // e.g. identity_document_copy, state_registration, power_of_attorney
    Label label;
    bool required = true;
    Label hint; // when an optional attachment is needed, e.g. power of attorney
};

struct FormDef {
    QString code; // NCA-ISSUE-IND, NCA-ISSUE-LEGAL, NCA-REVOKE-IND, NCA-REVOKE-LEGAL, GOV-ISSUE,
                  // GOV-REVOKE, ROOT-ISSUE, ROOT-REVOKE
    CaKind caKind = CaKind::National;
    FormPurpose purpose = FormPurpose::Issue;
    SubjectKind subject = SubjectKind::Individual;
    Label title;                  // as printed on the official form
    QString source;               // where the form comes from, e.g. "Seed 002, Appendix 3, App. 1"
    int rulesAppendix = 0;        // that appendix of order No. 348 (seed 002): the CA's rules, shown translated
    int formAppendix = 0;         // that appendix of those rules: the form
    QList<FieldDef> fields;       // the letter / form itself
    QList<FieldDef> personFields; // GOV forms: the personal attachment, repeated per person in "persons"
    QList<AttachmentDef> attachments;
    bool consentRequired = true; // consent to personal-data processing must be recorded
    int deadlineWorkingDays = 0; // legal deadline from receipt: 2 for revocations, 15 for ROOT-ISSUE, 0 none

    bool hasPersons() const { return !personFields.isEmpty(); }
    const FieldDef* field(const QString& id) const;
    const FieldDef* personField(const QString& id) const;
};

// All official forms, in a stable order. Defined once in FormCatalog.cpp.
class FormCatalog {
public:
    static const QList<FormDef>& all();
    static const FormDef* find(const QString& code); // nullptr when unknown
    static QStringList codes();
    static QList<const FormDef*> forCaKind(CaKind kind);
};

QString caKindId(CaKind kind);                     // "root", "government", "national"
bool caKindFromId(const QString& id, CaKind* out); // false when unknown
QString fieldTypeId(FieldType type);               // "text", "iin", ... (for --json output and docs)

} // namespace tirkeu::forms

#pragma once
// Internal to forms/: the builders shared by FormCatalog*.cpp, so that a field that several official
// forms print with the same wording (IIN, surname, certificate serial, ...) is written once.
// Not part of the contract other layers code against: use FormCatalog instead.

#include "forms/FormDefinition.h"

#include <QStringView>
#include <initializer_list>

namespace tirkeu::forms::catalog {

enum class Req { Required, Optional };

// The most characters a free-text field (LongText) takes: a basis, an address, a reason's details.
inline constexpr int kLongTextLimit = 500;

inline Label label(QStringView kk, QStringView ru, QStringView en) {
    return Label{kk.toString(), ru.toString(), en.toString()};
}

FieldDef field(QStringView id, FieldType type, const Label& label, Req req = Req::Required);
FieldDef withHint(FieldDef f, const Label& hint);

// Fields printed with the same wording on several forms.
FieldDef onlineApplicationNo();
FieldDef iin();
FieldDef bin();
FieldDef surname();
FieldDef name();
FieldDef patronymic();
FieldDef city();
FieldDef email();
FieldDef phone(QStringView kk); // "Телефоны" on some forms, "Телефон" on others
FieldDef cryptoTool();
FieldDef applicationDate();
FieldDef certSerial();
FieldDef certIssueDate();
FieldDef headFullName(QStringView kk); // "Басшы" or "Жетекші" as printed
FieldDef keyMedia(QStringView defaultId);
// validity with the given choice ids ("1y", "3y", "5y", "10y"); kk label as printed on the form.
FieldDef validity(QStringView kk, std::initializer_list<QStringView> ids, QStringView defaultId, Req req);
// reason with the given choice ids (key_compromise, affiliation_changed, superseded, ...).
FieldDef reason(std::initializer_list<QStringView> ids);
FieldDef reasonDetails();
FieldDef usageOther();
// GOV personal attachments: the identity document ("номер мен сериясы, кіммен және қашан берілген").
QList<FieldDef> identityDocumentFields();

AttachmentDef identityDocumentCopy();
AttachmentDef powerOfAttorney(const Label& label, const Label& hint);

// One function per official form, defined in FormCatalogNational/Government/Root.cpp.
FormDef nationalIssueIndividual();
FormDef nationalIssueLegal();
FormDef nationalRevokeIndividual();
FormDef nationalRevokeLegal();
FormDef governmentIssue();
FormDef governmentRevoke();
FormDef rootIssue();
FormDef rootRevoke();

} // namespace tirkeu::forms::catalog

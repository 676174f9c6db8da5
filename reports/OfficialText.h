#pragma once
// The Kazakh / Russian wording of what official documents print about certificates: profiles, key
// usages, extended key usages and policies, legal references of the forms. Data, not interface text:
// printed the same whatever the interface language (an official paper speaks Kazakh and Russian), and
// never an internal id ("individual_sign") or a bare OID for something that has a name.

#include <QString>
#include <QStringList>

namespace tirkeu::reports {

class OfficialText {
public:
    // "kk / ru" on one line.
    static QString kkru(const char16_t* kk, const char16_t* ru);
    // A stored profile id ("individual_sign", "legal_auth") -> "жеке тұлға, қол қою / физическое лицо,
    // подпись"; an unknown id is printed as it is.
    static QString profile(const QString& profileId);
    // RFC 5280 key usage names -> bilingual names.
    static QString keyUsage(const QString& name);
    // An extended key usage or policy OID -> its bilingual name with the OID in brackets; unknown OIDs
    // are printed as they are.
    static QString oid(const QString& oid);
};

} // namespace tirkeu::reports

#include "forms/FormDefinition.h"

namespace tirkeu::forms {

const FieldDef* FormDef::field(const QString& id) const {
    for (const FieldDef& f : fields)
        if (f.id == id)
            return &f;
    return nullptr;
}

const FieldDef* FormDef::personField(const QString& id) const {
    for (const FieldDef& f : personFields)
        if (f.id == id)
            return &f;
    return nullptr;
}

QString caKindId(CaKind kind) {
    switch (kind) {
    case CaKind::Root:
        return QStringLiteral("root");
    case CaKind::Government:
        return QStringLiteral("government");
    case CaKind::National:
        return QStringLiteral("national");
    }
    return {};
}

bool caKindFromId(const QString& id, CaKind* out) {
    for (CaKind k : {CaKind::Root, CaKind::Government, CaKind::National}) {
        if (caKindId(k) == id) {
            if (out)
                *out = k;
            return true;
        }
    }
    return false;
}

QString fieldTypeId(FieldType type) {
    switch (type) {
    case FieldType::Text:
        return QStringLiteral("text");
    case FieldType::LongText:
        return QStringLiteral("long_text");
    case FieldType::Iin:
        return QStringLiteral("iin");
    case FieldType::Bin:
        return QStringLiteral("bin");
    case FieldType::Email:
        return QStringLiteral("email");
    case FieldType::Phone:
        return QStringLiteral("phone");
    case FieldType::Date:
        return QStringLiteral("date");
    case FieldType::Choice:
        return QStringLiteral("choice");
    case FieldType::MultiChoice:
        return QStringLiteral("multi_choice");
    case FieldType::Serial:
        return QStringLiteral("serial");
    case FieldType::Integer:
        return QStringLiteral("integer");
    }
    return {};
}

} // namespace tirkeu::forms

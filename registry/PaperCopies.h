#pragma once
// The paper copy of a Government Bodies CA certificate is printed on numbered blank forms, and the
// issuance journal (seed 002, rules of the Government Bodies CA, App. 3, column 8 "Бланктардың
// нөмірлері / Номера бланков") names them. The numbers are recorded when the paper copy is printed
// (tirkeu-cli certificate print --blank-numbers), once: a journal line does not change afterwards.

#include "registry/Roles.h"

#include <QCoreApplication>

namespace tirkeu::registry {

class Register;

class PaperCopies {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::PaperCopies)
public:
    static constexpr int kMaxBlankNumbers = 200; // characters

    explicit PaperCopies(Register& reg)
        : m_reg(reg) {}

    // Records the blank numbers of the certificate's paper copy (digits, letters, spaces, ",", "-",
    // "/", "№"; at most kMaxBlankNumbers characters). Needs IssueCertificate. Recording the same numbers
    // again changes nothing; other numbers for a certificate that has some are refused.
    Status recordBlankNumbers(const Session& by, const QString& caCode, const QString& serial, const QString& numbers);

private:
    Register& m_reg;
};

} // namespace tirkeu::registry

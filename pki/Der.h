#pragma once
// Walking DER without decoding it (internal to pki): one element at a time with OpenSSL's
// ASN1_get_object, for the places where OpenSSL 3.0's full decoding costs more than the one field
// they need (a certificate's CRL distribution point, a published CRL's number).

namespace tirkeu::pki::der {

// One DER element: its tag, class (V_ASN1_UNIVERSAL, V_ASN1_CONTEXT_SPECIFIC, …), whether it is
// constructed, and its content.
struct Tlv {
    int tag = -1;
    int cls = -1;
    bool constructed = false;
    const unsigned char* content = nullptr;
    long length = 0;
    bool is(int t, int c, bool cons) const { return tag == t && cls == c && constructed == cons; }
    const unsigned char* end() const { return content + length; }
};

// Reads the element at `p` (which must lie before `end`) and moves `p` past it. Indefinite lengths
// (BER, not DER) and contents running past `end` are refused (false, `p` unchanged).
bool readTlv(const unsigned char*& p, const unsigned char* end, Tlv& out);

} // namespace tirkeu::pki::der

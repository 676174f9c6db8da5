#include "pki/Der.h"

#include <openssl/asn1.h>

namespace tirkeu::pki::der {

bool readTlv(const unsigned char*& p, const unsigned char* end, Tlv& out) {
    if (p >= end)
        return false;
    const unsigned char* at = p;
    long length = 0;
    int tag = 0;
    int cls = 0;
    const int flags = ASN1_get_object(&at, &length, &tag, &cls, long(end - p));
    if ((flags & 0x80) || flags == 0x21 || length < 0 || length > end - at)
        return false;
    out = Tlv{tag, cls, (flags & V_ASN1_CONSTRUCTED) != 0, at, length};
    p = at + length;
    return true;
}

} // namespace tirkeu::pki::der

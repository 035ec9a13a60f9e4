#include "connectors/http/peerendpoint.h"

#include <QObject>

namespace syncsmart {

QString TlsSettings::warning(const QString &peerName) const
{
    switch (mode) {
    case Mode::Verify:
        return {};
    case Mode::TrustCertificate:
        return QObject::tr(
                   "%1: TLS accepts only the certificate in %2 instead of one vouched for by a public "
                   "authority. Check its fingerprint with the server's administrator; a different "
                   "certificate is refused.")
            .arg(peerName, certificatePath);
    case Mode::Insecure:
        return QObject::tr(
                   "%1: TLS certificate checks are OFF (insecure). Anyone on the network path can read "
                   "and change the traffic, API key included. Use this only with a test server; for "
                   "your own self-signed server set tls_certificate to its PEM file instead.")
            .arg(peerName);
    }
    return {};
}

} // namespace syncsmart

#pragma once

#include "queue/circuitbreaker.h"

#include <QString>
#include <QUrl>

namespace syncsmart {

// TLS is verified. The only opt-outs: trust exactly one named certificate (a self-signed server of
// the customer's own), or a clearly labelled insecure switch. Both are shown as a warning.
struct TlsSettings
{
    enum class Mode { Verify, TrustCertificate, Insecure };
    Mode mode = Mode::Verify;
    QString certificatePath; // PEM file of the one certificate to accept (TrustCertificate)

    // Empty for Verify; otherwise the warning the console and the log show for this connection.
    QString warning(const QString &peerName) const;
};

struct PeerLimits
{
    int maxInFlight = 4;              // requests on the wire at once
    double requestsPerSecond = 20.0;  // token bucket rate; 0: unlimited
    double burst = 0;                 // bucket size; 0: maxInFlight
    int connectTimeoutMs = 10'000;    // TCP + TLS handshake
    int idleTimeoutMs = 30'000;       // no byte received for this long
    int totalTimeoutMs = 120'000;     // the whole exchange
};

struct PeerEndpoint
{
    QString peerName; // "PrestaShop", "Odoo": named in every error text and log line
    QUrl baseUrl;
    PeerLimits limits;
    TlsSettings tls;
    BreakerSettings breaker;
};

} // namespace syncsmart

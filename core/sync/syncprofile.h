#pragma once

#include "common/result.h"
#include "connectors/odoo/odoosettings.h"
#include "connectors/prestashop/prestashopsettings.h"
#include "reconcile/reconcileschedule.h"
#include "sync/fieldpolicy.h"

#include <QString>

namespace syncsmart {

// What the sync loop does, per profile ([sync] section of the profile INI).
struct SyncSettings
{
    int pollIntervalS = 60;        // between passes when the service runs continuously
    int batchSize = 100;           // page size of reads, records per write batch
    int clockSkewToleranceS = 2;   // `newest`: instants closer than this are a manual conflict
    int windowOverlapS = 60;       // each read window starts this far before the cursor
    bool createInShop = true;      // a SKU new in the ERP is created in the shop
    bool createInErp = false;      // a SKU only in the shop is created in the ERP (off: reported only)
    QString shopLanguage = QStringLiteral("1"); // the PrestaShop language id that maps to the ERP's texts
};

// The auditor's settings ([reconcile] section).
struct ReconcileSettings
{
    ReconcileSchedule schedule; // off by default: runs on demand only
    bool stock = true;          // compare both stock lists as well as the catalogs
};

// A profile: one shop + one ERP + rules + schedule. Read from <profile dir>/profile.ini; secrets are
// never in the file: each is named by an environment variable (api_key_env) and read from it.
struct SyncProfile
{
    QString name;
    QString sourcePath; // the INI file it was read from
    PrestaShopSettings shop;
    OdooSettings erp;
    FieldPolicy fields = FieldPolicy::defaults();
    SyncSettings sync;
    ReconcileSettings reconcile;

    // Reads and validates the file. Every problem is reported (not only the first), one per line,
    // each naming the section and key, the bad value and what to write instead. Config category.
    static Result<SyncProfile> load(const QString &iniPath, const QString &profileName);
    // The same from text (tests, the console's editor); secrets come from the process environment.
    static Result<SyncProfile> parse(const QString &iniText, const QString &profileName,
                                     const QString &sourcePath = {});
    // A documented starting file (every key with its default and a comment saying what it does).
    static QString templateText();
    // <profile directory>/profile.ini
    static QString defaultPath(const QString &profileDirectory);
};

} // namespace syncsmart

#include "psdefs.h"

#include <algorithm>

namespace syncsmart::sim::ps {

namespace {

using K = FieldKind;

FieldDef f(const char *name, K kind, quint16 flags = 0, const char *format = "", int maxSize = 0,
           const char *xlink = "", quint8 decimals = 6)
{
    FieldDef d;
    d.name = QString::fromLatin1(name);
    d.kind = kind;
    d.flags = flags;
    d.format = QString::fromLatin1(format);
    d.maxSize = maxSize;
    d.xlink = QString::fromLatin1(xlink);
    d.decimals = decimals;
    return d;
}

AssocFieldDef af(const char *name, K kind = K::Int, bool required = true, const char *xlink = "",
                 bool xlinkInSynopsis = false)
{
    return AssocFieldDef{QString::fromLatin1(name), kind, QString::fromLatin1(xlink), required,
                         xlinkInSynopsis};
}

AssocDef assoc(const char *name, const char *nodeType, const char *api, QList<AssocFieldDef> fields,
               const char *entryXlink = nullptr, bool virtualEntity = false)
{
    AssocDef a;
    a.name = QString::fromLatin1(name);
    a.nodeType = QString::fromLatin1(nodeType);
    a.api = QString::fromLatin1(api);
    a.virtualEntity = virtualEntity;
    a.entryXlink = entryXlink ? QString::fromLatin1(entryXlink) : a.api;
    a.fields = std::move(fields);
    return a;
}

ResourceDef resource(const char *plural, const char *singular, const char *className, QList<FieldDef> fields,
                     QList<AssocDef> associations = {})
{
    ResourceDef r;
    r.plural = QString::fromLatin1(plural);
    r.singular = QString::fromLatin1(singular);
    r.className = QString::fromLatin1(className);
    r.fields = std::move(fields);
    r.associations = std::move(associations);
    for (int i = 0; i < r.fields.size(); ++i)
        r.fieldIndex.insert(r.fields.at(i).name, i);
    for (int i = 0; i < r.associations.size(); ++i)
        r.assocIndex.insert(r.associations.at(i).name, i);
    return r;
}

constexpr quint16 NF = NotFilterable;
constexpr quint16 RO = ReadOnly;
constexpr quint16 RQ = Required;
constexpr quint16 NU = Nullable;

ResourceDef makeProducts()
{
    return resource(
        "products", "product", "Product",
        {f("id", K::Int),
         f("id_manufacturer", K::Int, 0, "isUnsignedId", 0, "manufacturers"),
         f("id_supplier", K::Int, 0, "isUnsignedId", 0, "suppliers"),
         f("id_category_default", K::Int, 0, "isUnsignedId", 0, "categories"),
         f("new", K::String, Virtual),
         f("cache_default_attribute", K::Int),
         f("id_default_image", K::Int, NF | NU, "", 0, "images/products"),
         f("id_default_combination", K::Int, NF, "", 0, "combinations"),
         f("id_tax_rules_group", K::Int, 0, "isUnsignedId", 0, "tax_rule_groups"),
         f("position_in_category", K::Int, NF | WarnsOnWrite),
         f("manufacturer_name", K::String, NF | RO),
         f("quantity", K::Int, NF | RO),
         f("type", K::String, NF),
         f("id_shop_default", K::Int, 0, "isUnsignedId"),
         f("reference", K::String, 0, "isReference", 64),
         f("supplier_reference", K::String, 0, "isReference", 64),
         f("location", K::String, 0, "isString", 255),
         f("width", K::Float, 0, "isUnsignedFloat"),
         f("height", K::Float, 0, "isUnsignedFloat"),
         f("depth", K::Float, 0, "isUnsignedFloat"),
         f("weight", K::Float, 0, "isUnsignedFloat"),
         f("quantity_discount", K::Bool, 0, "isBool"),
         f("ean13", K::String, 0, "isEan13", 13),
         f("isbn", K::String, 0, "isIsbn", 32),
         f("upc", K::String, 0, "isUpc", 12),
         f("mpn", K::String, 0, "isMpn", 40),
         f("cache_is_pack", K::Bool, 0, "isBool"),
         f("cache_has_attachments", K::Bool, 0, "isBool"),
         f("is_virtual", K::Bool, 0, "isBool"),
         f("state", K::Int, 0, "isUnsignedId"),
         f("additional_delivery_times", K::Int, 0, "isUnsignedId"),
         f("delivery_in_stock", K::I18n, 0, "isGenericName", 255),
         f("delivery_out_stock", K::I18n, 0, "isGenericName", 255),
         f("product_type", K::String, 0, "isGenericName"),
         f("on_sale", K::Bool, 0, "isBool"),
         f("online_only", K::Bool, 0, "isBool"),
         f("ecotax", K::Float, 0, "isPrice"),
         f("minimal_quantity", K::Int, 0, "isUnsignedInt"),
         f("low_stock_threshold", K::Int, NU, "isInt"),
         f("low_stock_alert", K::Bool, 0, "isBool"),
         f("price", K::Float, RQ, "isPrice"),
         f("wholesale_price", K::Float, 0, "isPrice"),
         f("unity", K::String, 0, "isString"),
         f("unit_price", K::Float, 0, "isPrice"),
         f("unit_price_ratio", K::Float),
         f("additional_shipping_cost", K::Float, 0, "isPrice"),
         f("customizable", K::Int, 0, "isUnsignedInt"),
         f("text_fields", K::Int, 0, "isUnsignedInt"),
         f("uploadable_files", K::Int, 0, "isUnsignedInt"),
         f("active", K::Bool, 0, "isBool"),
         f("redirect_type", K::String, 0, "isString"),
         f("id_type_redirected", K::Int, 0, "isUnsignedId"),
         f("available_for_order", K::Bool, 0, "isBool"),
         f("available_date", K::Date, 0, "isDateFormat"),
         f("show_condition", K::Bool, 0, "isBool"),
         f("condition", K::String, 0, "isGenericName"),
         f("show_price", K::Bool, 0, "isBool"),
         f("indexed", K::Bool, 0, "isBool"),
         f("visibility", K::String, 0, "isProductVisibility"),
         f("advanced_stock_management", K::Bool, 0, "isBool"),
         f("date_add", K::DateTime, 0, "isDate"),
         f("date_upd", K::DateTime, 0, "isDate"),
         f("pack_stock_type", K::Int, 0, "isUnsignedInt"),
         f("meta_description", K::I18n, 0, "isGenericName", 512),
         f("meta_keywords", K::I18n, 0, "isGenericName", 255),
         f("meta_title", K::I18n, 0, "isGenericName", 255),
         f("link_rewrite", K::I18n, 0, "isLinkRewrite", 128),
         f("name", K::I18n, 0, "isCatalogName", 128),
         f("description", K::I18n, 0, "isCleanHtml"),
         f("description_short", K::I18n, 0, "isCleanHtml"),
         f("available_now", K::I18n, 0, "isGenericName", 255),
         f("available_later", K::I18n, 0, "IsGenericName", 255)},
        {assoc("categories", "category", "categories", {af("id")}),
         assoc("images", "image", "images", {af("id", K::Int, false)}, "images/products"),
         assoc("combinations", "combination", "combinations", {af("id")}),
         assoc("product_option_values", "product_option_value", "product_option_values", {af("id")}),
         assoc("product_features", "product_feature", "product_features",
               {af("id"), af("id_feature_value", K::Int, true, "product_feature_values", true)}),
         assoc("tags", "tag", "tags", {af("id")}),
         assoc("stock_availables", "stock_available", "stock_availables",
               {af("id"), af("id_product_attribute")}),
         assoc("attachments", "attachment", "attachments", {af("id")}),
         assoc("accessories", "product", "products", {af("id", K::Int, true, "", true)}),
         assoc("product_bundle", "product", "products",
               {af("id"), af("id_product_attribute", K::Int, false), af("quantity", K::Int, false)})});
}

ResourceDef makeStockAvailables()
{
    return resource("stock_availables", "stock_available", "StockAvailable",
                    {f("id", K::Int), f("id_product", K::Int, RQ, "isUnsignedId", 0, "products"),
                     f("id_product_attribute", K::Int, RQ, "isUnsignedId", 0, "combinations"),
                     f("id_shop", K::Int, 0, "isUnsignedId", 0, "shops"),
                     f("id_shop_group", K::Int, 0, "isUnsignedId"), f("quantity", K::Int, RQ, "isInt"),
                     f("depends_on_stock", K::Bool, RQ, "isBool"), f("out_of_stock", K::Int, RQ, "isInt"),
                     f("location", K::String, 0, "isString", 255)});
}

ResourceDef makeCombinations()
{
    return resource(
        "combinations", "combination", "Combination",
        {f("id", K::Int),
         f("id_product", K::Int, RQ, "isUnsignedId", 0, "products"),
         f("ean13", K::String, 0, "isEan13", 13),
         f("isbn", K::String, 0, "isIsbn", 32),
         f("upc", K::String, 0, "isUpc", 12),
         f("mpn", K::String, 0, "isMpn", 40),
         f("reference", K::String, 0, "isReference", 64),
         f("supplier_reference", K::String, 0, "isReference", 64),
         f("wholesale_price", K::Float, 0, "isPrice"),
         f("price", K::Float, 0, "isNegativePrice"),
         f("ecotax", K::Float, 0, "isPrice"),
         f("weight", K::Float, 0, "isFloat"),
         f("unit_price_impact", K::Float, 0, "isNegativePrice"),
         f("minimal_quantity", K::Int, RQ, "isUnsignedId"),
         f("low_stock_threshold", K::Int, NU, "isInt"),
         f("low_stock_alert", K::Bool, 0, "isBool"),
         f("default_on", K::Bool, 0, "isBool"),
         f("available_date", K::Date, 0, "isDateFormat"),
         f("available_now", K::I18n, 0, "isGenericName", 255),
         f("available_later", K::I18n, 0, "isGenericName", 255)},
        {assoc("product_option_values", "product_option_value", "product_option_values", {af("id")}),
         assoc("images", "image", "images/products", {af("id", K::Int, false)}, "images/products")});
}

ResourceDef makeOrders()
{
    return resource(
        "orders", "order", "Order",
        {f("id", K::Int),
         f("id_address_delivery", K::Int, RQ, "isUnsignedId", 0, "addresses"),
         f("id_address_invoice", K::Int, RQ, "isUnsignedId", 0, "addresses"),
         f("id_cart", K::Int, RQ, "isUnsignedId", 0, "carts"),
         f("id_currency", K::Int, RQ, "isUnsignedId", 0, "currencies"),
         f("id_lang", K::Int, RQ, "isUnsignedId", 0, "languages"),
         f("id_customer", K::Int, RQ, "isUnsignedId", 0, "customers"),
         f("id_carrier", K::Int, RQ, "isUnsignedId", 0, "carriers"),
         f("current_state", K::Int, 0, "isUnsignedId", 0, "order_states"),
         f("module", K::String, RQ, "isModuleName"),
         f("invoice_number", K::Int),
         f("invoice_date", K::DateTime),
         f("delivery_number", K::Int),
         f("delivery_date", K::DateTime),
         f("valid", K::Bool),
         f("date_add", K::DateTime, 0, "isDate"),
         f("date_upd", K::DateTime, 0, "isDate"),
         f("shipping_number", K::String, NF, "isTrackingNumber"),
         f("note", K::String, 0, "isCleanHtml"),
         f("id_shop_group", K::Int, 0, "isUnsignedId"),
         f("id_shop", K::Int, 0, "isUnsignedId"),
         f("secure_key", K::String, 0, "isMd5"),
         f("payment", K::String, RQ, "isGenericName"),
         f("recyclable", K::Bool, 0, "isBool"),
         f("gift", K::Bool, 0, "isBool"),
         f("gift_message", K::String, 0, "isMessage"),
         f("mobile_theme", K::Bool, 0, "isBool"),
         f("total_discounts", K::Float, 0, "isPrice"),
         f("total_discounts_tax_incl", K::Float, 0, "isPrice"),
         f("total_discounts_tax_excl", K::Float, 0, "isPrice"),
         f("total_paid", K::Float, RQ, "isPrice"),
         f("total_paid_tax_incl", K::Float, 0, "isPrice"),
         f("total_paid_tax_excl", K::Float, 0, "isPrice"),
         f("total_paid_real", K::Float, RQ, "isPrice"),
         f("total_products", K::Float, RQ, "isPrice"),
         f("total_products_wt", K::Float, RQ, "isPrice"),
         f("total_shipping", K::Float, 0, "isPrice"),
         f("total_shipping_tax_incl", K::Float, 0, "isPrice"),
         f("total_shipping_tax_excl", K::Float, 0, "isPrice"),
         f("carrier_tax_rate", K::Float, 0, "isFloat", 0, "", 3),
         f("total_wrapping", K::Float, 0, "isPrice"),
         f("total_wrapping_tax_incl", K::Float, 0, "isPrice"),
         f("total_wrapping_tax_excl", K::Float, 0, "isPrice"),
         f("round_mode", K::Int, 0, "isUnsignedId"),
         f("round_type", K::Int, 0, "isUnsignedId"),
         f("conversion_rate", K::Float, RQ, "isFloat"),
         f("reference", K::String)},
        {assoc("order_rows", "order_row", "",
               {af("id"), af("product_id", K::Int, true, "products"), af("product_attribute_id"),
                af("product_quantity"), af("product_name", K::String), af("product_reference", K::String),
                af("product_ean13", K::String), af("product_isbn", K::String), af("product_upc", K::String),
                af("product_price", K::Float), af("id_customization", K::Int, false, "customizations"),
                af("unit_price_tax_incl", K::Float), af("unit_price_tax_excl", K::Float)},
               "", true)});
}

ResourceDef makeOrderDetails()
{
    QList<FieldDef> fields{f("id", K::Int),
                           f("id_order", K::Int, RQ, "isUnsignedId", 0, "orders"),
                           f("product_id", K::Int, 0, "isUnsignedId", 0, "products"),
                           f("product_attribute_id", K::Int, 0, "isUnsignedId", 0, "combinations"),
                           f("product_quantity_reinjected", K::Int, 0, "isUnsignedInt"),
                           f("group_reduction", K::Float, 0, "isFloat", 0, "", 2),
                           f("discount_quantity_applied", K::Int, 0, "isInt"),
                           f("download_hash", K::String, 0, "isGenericName"),
                           f("download_deadline", K::DateTime, 0, "isDateFormat"),
                           f("id_order_invoice", K::Int, 0, "isUnsignedId", 0, "order_invoices"),
                           f("id_warehouse", K::Int, 0, "isUnsignedId", 0, "warehouses"),
                           f("id_shop", K::Int, RQ, "isUnsignedId", 0, "shops"),
                           f("id_customization", K::Int, 0, "isUnsignedId", 0, "customizations"),
                           f("product_name", K::String, RQ, "isGenericName"),
                           f("product_quantity", K::Int, RQ, "isInt"),
                           f("product_quantity_in_stock", K::Int, 0, "isInt"),
                           f("product_quantity_return", K::Int, 0, "isUnsignedInt"),
                           f("product_quantity_refunded", K::Int, 0, "isUnsignedInt")};
    for (const char *name :
         {"product_price", "reduction_percent", "reduction_amount", "reduction_amount_tax_incl",
          "reduction_amount_tax_excl", "product_quantity_discount"}) {
        const bool percent = qstrcmp(name, "reduction_percent") == 0;
        fields.append(f(name, K::Float, qstrcmp(name, "product_price") == 0 ? RQ : 0, "isPrice", 0, "",
                        percent ? 2 : 6));
    }
    for (const char *name : {"product_ean13", "product_isbn", "product_upc", "product_mpn",
                             "product_reference", "product_supplier_reference"})
        fields.append(f(name, K::String));
    fields.append(f("product_weight", K::Float, 0, "isFloat"));
    fields.append(f("tax_computation_method", K::Int, 0, "isUnsignedId"));
    fields.append(f("id_tax_rules_group", K::Int, 0, "isUnsignedId", 0, "tax_rule_groups"));
    fields.append(f("ecotax", K::Float, 0, "isFloat"));
    fields.append(f("ecotax_tax_rate", K::Float, 0, "isFloat", 0, "", 3));
    fields.append(f("download_nb", K::Int, 0, "isInt"));
    for (const char *name :
         {"unit_price_tax_incl", "unit_price_tax_excl", "total_price_tax_incl", "total_price_tax_excl",
          "total_shipping_price_tax_excl", "total_shipping_price_tax_incl", "purchase_supplier_price",
          "original_product_price", "original_wholesale_price", "total_refunded_tax_excl",
          "total_refunded_tax_incl"})
        fields.append(f(name, K::Float, 0, "isPrice"));
    return resource("order_details", "order_detail", "OrderDetail", std::move(fields));
}

ResourceDef makeOrderHistories()
{
    return resource("order_histories", "order_history", "OrderHistory",
                    {f("id", K::Int), f("id_employee", K::Int, 0, "isUnsignedId", 0, "employees"),
                     f("id_order_state", K::Int, RQ, "isUnsignedId", 0, "order_states"),
                     f("id_order", K::Int, RQ, "isUnsignedId", 0, "orders"),
                     f("date_add", K::DateTime, 0, "isDate")});
}

ResourceDef makeOrderStates()
{
    // Webservice fields (unremovable, delivery, hidden) come first, then the definition (OrderState.php).
    return resource("order_states", "order_state", "OrderState",
                    {f("id", K::Int), f("unremovable", K::Bool, 0, "isBool"),
                     f("delivery", K::Bool, 0, "isBool"), f("hidden", K::Bool, 0, "isBool"),
                     f("send_email", K::Bool, 0, "isBool"), f("module_name", K::String, 0, "isModuleName"),
                     f("invoice", K::Bool, 0, "isBool"), f("color", K::String, 0, "isColor"),
                     f("logable", K::Bool, 0, "isBool"), f("shipped", K::Bool, 0, "isBool"),
                     f("paid", K::Bool, 0, "isBool"), f("pdf_delivery", K::Bool, 0, "isBool"),
                     f("pdf_invoice", K::Bool, 0, "isBool"), f("deleted", K::Bool, 0, "isBool"),
                     f("name", K::I18n, RQ, "isGenericName", 64),
                     f("template", K::I18n, 0, "isTplName", 64)});
}

ResourceDef makeLanguages()
{
    // Language.php as the webservice lists it (schema=synopsis on a real 8.1.2).
    return resource("languages", "language", "Language",
                    {f("id", K::Int), f("name", K::String, RQ, "isGenericName", 32),
                     f("iso_code", K::String, RQ, "isLanguageIsoCode", 2), f("locale", K::String, 0, "isLocale", 5),
                     f("language_code", K::String, 0, "isLanguageCode", 5), f("active", K::Bool, 0, "isBool"),
                     f("is_rtl", K::Bool, 0, "isBool"), f("date_format_lite", K::String, RQ, "isPhpDateFormat", 32),
                     f("date_format_full", K::String, RQ, "isPhpDateFormat", 32)});
}

ResourceDef makeCustomers()
{
    return resource("customers", "customer", "Customer",
                    {f("id", K::Int),
                     f("id_default_group", K::Int, 0, "isUnsignedId", 0, "groups"),
                     f("id_lang", K::Int, 0, "isUnsignedId", 0, "languages"),
                     f("newsletter_date_add", K::DateTime, 0, "isDate"),
                     f("ip_registration_newsletter", K::String, 0, "isGenericName", 15),
                     f("last_passwd_gen", K::DateTime),
                     f("secure_key", K::String, 0, "isMd5", 32),
                     f("deleted", K::Bool, 0, "isBool"),
                     f("passwd", K::String, RQ, "isPasswd", 255),
                     f("lastname", K::String, RQ, "isCustomerName", 255),
                     f("firstname", K::String, RQ, "isCustomerName", 255),
                     f("email", K::String, RQ, "isEmail", 255),
                     f("id_gender", K::Int, 0, "isUnsignedId"),
                     f("birthday", K::Date, 0, "isBirthDate"),
                     f("newsletter", K::Bool, 0, "isBool"),
                     f("optin", K::Bool, 0, "isBool"),
                     f("website", K::String, 0, "isUrl"),
                     f("company", K::String, 0, "isGenericName", 255),
                     f("siret", K::String, 0, "isGenericName"),
                     f("ape", K::String, 0, "isApe"),
                     f("outstanding_allow_amount", K::Float, 0, "isFloat"),
                     f("show_public_prices", K::Bool, 0, "isBool"),
                     f("id_risk", K::Int, 0, "isUnsignedInt"),
                     f("max_payment_days", K::Int, 0, "isUnsignedInt"),
                     f("active", K::Bool, 0, "isBool"),
                     f("note", K::String, 0, "isCleanHtml", 65000),
                     f("is_guest", K::Bool, 0, "isBool"),
                     f("id_shop", K::Int, 0, "isUnsignedId"),
                     f("id_shop_group", K::Int, 0, "isUnsignedId"),
                     f("date_add", K::DateTime, 0, "isDate"),
                     f("date_upd", K::DateTime, 0, "isDate"),
                     f("reset_password_token", K::String, 0, "isSha1", 40),
                     f("reset_password_validity", K::DateTime, 0, "isDateOrNull")},
                    {assoc("groups", "group", "groups", {af("id")})});
}

} // namespace

const ResourceDef &productsDef()
{
    static const ResourceDef def = makeProducts();
    return def;
}
const ResourceDef &stockAvailablesDef()
{
    static const ResourceDef def = makeStockAvailables();
    return def;
}
const ResourceDef &combinationsDef()
{
    static const ResourceDef def = makeCombinations();
    return def;
}
const ResourceDef &ordersDef()
{
    static const ResourceDef def = makeOrders();
    return def;
}
const ResourceDef &orderDetailsDef()
{
    static const ResourceDef def = makeOrderDetails();
    return def;
}
const ResourceDef &orderHistoriesDef()
{
    static const ResourceDef def = makeOrderHistories();
    return def;
}
const ResourceDef &orderStatesDef()
{
    static const ResourceDef def = makeOrderStates();
    return def;
}
const ResourceDef &languagesDef()
{
    static const ResourceDef def = makeLanguages();
    return def;
}
const ResourceDef &customersDef()
{
    static const ResourceDef def = makeCustomers();
    return def;
}

const ResourceDef *emulatedResource(const QString &plural)
{
    for (const ResourceDef *def :
         {&productsDef(), &stockAvailablesDef(), &combinationsDef(), &ordersDef(), &orderDetailsDef(),
          &orderHistoriesDef(), &orderStatesDef(), &customersDef(), &languagesDef()}) {
        if (def->plural == plural)
            return def;
    }
    return nullptr;
}

const QList<QByteArray> &wsMethods()
{
    static const QList<QByteArray> methods{"GET", "PUT", "POST", "PATCH", "DELETE", "HEAD"};
    return methods;
}

const QList<WsResourceInfo> &allWsResources()
{
    static const QList<WsResourceInfo> list = [] {
        const QList<QByteArray> readOnly{"PUT", "POST", "PATCH", "DELETE"};
        struct Raw
        {
            const char *name;
            const char *description;
            bool specific;
            QList<QByteArray> forbidden;
        };
        const QList<Raw> raw{
            {"addresses", "The Customer, Brand and Customer addresses", false, {}},
            {"attachments", "The product Attachments", true, {}},
            {"carriers", "The Carriers", false, {}},
            {"carts", "Customer's carts", false, {}},
            {"cart_rules", "Cart rules management", false, {}},
            {"categories", "The product categories", false, {}},
            {"combinations", "The product combinations", false, {}},
            {"configurations", "Shop configuration", false, {}},
            {"contacts", "Shop contacts", false, {}},
            {"countries", "The countries", false, {}},
            {"currencies", "The currencies", false, {}},
            {"customers", "The e-shop's customers", false, {}},
            {"customer_threads", "Customer services threads", false, {}},
            {"customer_messages", "Customer services messages", false, {}},
            {"deliveries", "Product delivery", false, {}},
            {"groups", "The customer's groups", false, {}},
            {"guests", "The guests", false, {}},
            {"images", "The images", true, {}},
            {"image_types", "The image types", false, {}},
            {"languages", "Shop languages", false, {}},
            {"manufacturers", "The product brands", false, {}},
            {"messages", "The Messages", false, {}},
            {"order_carriers", "The Order carriers", false, {}},
            {"order_cart_rules", "The Order cart rules", false, {}},
            {"order_details", "Details of an order", false, {}},
            {"order_histories", "The Order histories", false, {}},
            {"order_invoices", "The Order invoices", false, {}},
            {"orders", "The Customers orders", false, {}},
            {"order_payments", "The Order payments", false, {}},
            {"order_states", "The Order statuses", false, {}},
            {"order_slip", "The Order slips", false, {}},
            {"price_ranges", "Price ranges", false, {}},
            {"product_features", "The product features", false, {}},
            {"product_feature_values", "The product feature values", false, {}},
            {"product_options", "The product options", false, {}},
            {"product_option_values", "The product options value", false, {}},
            {"products", "The products", false, {}},
            {"states", "The available states of countries", false, {}},
            {"stores", "The stores", false, {}},
            {"suppliers", "The product suppliers", false, {}},
            {"tags", "The Products tags", false, {}},
            {"translated_configurations", "Shop configuration", false, {}},
            {"weight_ranges", "Weight ranges", false, {}},
            {"zones", "The Countries zones", false, {}},
            {"employees", "The Employees", false, {}},
            {"search", "Search", true, readOnly},
            {"content_management_system", "Content management system", false, {}},
            {"shops", "Shops from multi-shop feature", false, {}},
            {"shop_groups", "Shop groups from multi-shop feature", false, {}},
            {"taxes", "The tax rate", false, {}},
            {"stock_movements", "Stock movements", false, readOnly},
            {"stock_movement_reasons", "Stock movement reason", false, {}},
            {"warehouses", "Warehouses", false, {"DELETE"}},
            {"stocks", "Stocks", false, readOnly},
            {"stock_availables", "Available quantities", false, {"POST", "DELETE"}},
            {"warehouse_product_locations", "Location of products in warehouses", false, readOnly},
            {"supply_orders", "Supply Orders", false, readOnly},
            {"supply_order_details", "Supply Order Details", false, readOnly},
            {"supply_order_states", "Supply Order Statuses", false, readOnly},
            {"supply_order_histories", "Supply Order Histories", false, readOnly},
            {"supply_order_receipt_histories", "Supply Order Receipt Histories", false, readOnly},
            {"product_suppliers", "Product Suppliers", false, {}},
            {"tax_rules", "Tax rules entity", false, {}},
            {"tax_rule_groups", "Tax rule groups", false, {}},
            {"specific_prices", "Specific price management", false, {}},
            {"specific_price_rules", "Specific price management", false, {}},
            {"shop_urls", "Shop URLs from multi-shop feature", false, {}},
            {"product_customization_fields", "Customization Field", false, {}},
            {"customizations", "Customization values", false, {}},
        };
        QList<WsResourceInfo> out;
        for (const Raw &r : raw)
            out.append(WsResourceInfo{QString::fromLatin1(r.name), QString::fromLatin1(r.description),
                                      r.specific, r.forbidden});
        // ksort() on the names: plain byte order.
        std::sort(out.begin(), out.end(), [](const WsResourceInfo &a, const WsResourceInfo &b) {
            return a.name.toLatin1() < b.name.toLatin1();
        });
        return out;
    }();
    return list;
}

const WsResourceInfo *wsResource(const QString &name)
{
    for (const WsResourceInfo &info : allWsResources()) {
        if (info.name == name)
            return &info;
    }
    return nullptr;
}

} // namespace syncsmart::sim::ps

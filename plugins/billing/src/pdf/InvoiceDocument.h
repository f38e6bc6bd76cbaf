#pragma once

#include <string>
#include <vector>

namespace molar::billing {

// What an invoice's PDF shows, already in the reader's words: dates formatted in their
// time zone, amounts with the currency's own digits, labels translated. The PDF knows no
// database, catalog or currency rules; whoever fills this does. It carries no patient data:
// a line names the case by its number and the product, never a patient.
struct InvoiceDocumentLine
{
    std::string description; // "TR-260512-1A4F · Zirconia crown"
    std::string quantity;    // "1"
    std::string unitPrice;   // "1,250.50"
    std::string amount;      // "1,250.50"
};

struct InvoiceDocumentTotal
{
    std::string label;  // "Subtotal", "Tax (5%)", "Total", "Paid", "Balance due"
    std::string amount; // "QAR 1,250.50"
    bool emphasis = false;
};

struct InvoiceDocumentLabels
{
    std::string title = "Invoice";
    std::string number = "Invoice number";
    std::string issued = "Issued";
    std::string due = "Due";
    std::string state = "Status";
    std::string billedTo = "Billed to";
    std::string taxNumber = "Tax number";
    std::string description = "Description";
    std::string quantity = "Qty";
    std::string unitPrice = "Unit price";
    std::string amount = "Amount";
    std::string payment = "How to pay";
    std::string accountName = "Account name";
    std::string bank = "Bank";
    std::string iban = "IBAN";
    std::string bic = "BIC";
    std::string reference = "Transfer reference";
    std::string page = "Page"; // "Page 1 / 2"
};

struct InvoiceDocument
{
    bool rightToLeft = false; // Arabic: the page reads from the right

    std::string labName;
    std::vector<std::string> labAddress; // one line each
    std::string labContact;              // phone, email
    std::string labTaxNumber;

    std::string number; // INV-2026-000042
    std::string issuedOn;
    std::string dueOn;
    std::string state; // translated: "Issued", "Paid"

    std::string organizationName;
    std::string clinicName;

    std::vector<InvoiceDocumentLine> lines;
    std::vector<InvoiceDocumentTotal> totals;

    // The lab's bank and the reference that matches the transfer to this invoice; the
    // section is left out when all are empty.
    std::string bankAccountName;
    std::string bankName;
    std::string iban;
    std::string bic;
    std::string transferReference;
    std::string paymentInstructions; // free text, one paragraph per line

    InvoiceDocumentLabels labels;
};

} // namespace molar::billing

#pragma once

// A message as a mail client reads it: its headers as sent, unfolded; each part's
// type and decoded body with LF line ends; and decodeWords() for the headers that
// hold encoded words. (Poco's MessageHeader::read decodes encoded words itself but
// keeps the space between two of them, which RFC 2047 drops.)
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/PartHandler.h>
#include <Poco/StreamCopier.h>

#include <cctype>
#include <sstream>
#include <string>
#include <vector>

namespace molar::notifyemail::test {

struct MailPart
{
    std::string contentType;
    std::string body;
};

struct ParsedMail
{
    std::string raw;
    std::vector<MailPart> parts;

    // The header's value as sent, folds joined; "" when absent.
    std::string header(const std::string& name) const
    {
        std::string value;
        return find(name, value) ? value : "";
    }
    bool has(const std::string& name) const
    {
        std::string value;
        return find(name, value);
    }

private:
    bool find(const std::string& name, std::string& value) const
    {
        const std::string head = raw.substr(0, raw.find("\r\n\r\n") + 2);
        const std::string prefix = "\r\n" + name + ": ";
        auto at = ("\r\n" + head).find(prefix);
        if (at == std::string::npos)
            return false;
        at += prefix.size() - 2; // in head, which lacks the leading CR LF
        for (auto end = head.find("\r\n", at);; end = head.find("\r\n", at)) {
            value += head.substr(at, end - at);
            at = end + 2;
            if (at >= head.size() || (head[at] != ' ' && head[at] != '\t'))
                return true;
        }
    }
};

inline std::string withLf(std::string text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i)
        if (!(text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n'))
            out += text[i];
    return out;
}

inline ParsedMail parseMail(const std::string& raw)
{
    struct Collect : Poco::Net::PartHandler
    {
        std::vector<MailPart>* parts;
        void handlePart(const Poco::Net::MessageHeader& header, std::istream& stream) override
        {
            std::string body;
            Poco::StreamCopier::copyToString(stream, body);
            parts->push_back({header.get("Content-Type", ""), withLf(body)});
        }
    } collect;
    ParsedMail mail;
    collect.parts = &mail.parts;
    std::istringstream in(raw);
    Poco::Net::MailMessage message;
    message.read(in, collect);
    // A message of one part keeps its body itself, with the line end SMTP adds.
    if (mail.parts.empty()) {
        std::string body = withLf(message.getContent());
        if (!body.empty() && body.back() == '\n')
            body.pop_back();
        mail.parts.push_back({message.getContentType(), body});
    }
    mail.raw = raw;
    return mail;
}

// Decodes =?UTF-8?q?...?= words (what MailMessage::encodeWord writes); the space
// or fold between two encoded words goes, as RFC 2047 says.
inline std::string decodeWords(const std::string& text)
{
    std::string out;
    std::size_t at = 0;
    bool afterWord = false;
    while (at < text.size()) {
        const auto start = text.find("=?", at);
        const auto q = start == std::string::npos ? start : text.find("?q?", start);
        const auto end = q == std::string::npos ? q : text.find("?=", q + 3);
        std::string between = text.substr(at, start == std::string::npos ? std::string::npos : start - at);
        if (end == std::string::npos) {
            out += between;
            break;
        }
        if (!afterWord || between.find_first_not_of(" \t\r\n") != std::string::npos)
            out += between;
        for (std::size_t i = q + 3; i < end; ++i) {
            if (text[i] == '_')
                out += ' ';
            else if (text[i] == '=' && i + 2 < end) {
                out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
                i += 2;
            } else
                out += text[i];
        }
        at = end + 2;
        afterWord = true;
    }
    return out;
}

} // namespace molar::notifyemail::test

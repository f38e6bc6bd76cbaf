// A browser for the HTTP suites: it keeps the cookies a Portal sets and sends them
// back, and adds the CSRF token to the forms it posts.
#pragma once

#include "app/Portal.h"
#include "http/StandardMiddleware.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace molar::test {

using Form = std::vector<std::pair<std::string, std::string>>;

struct Answer
{
    int status = 0;
    std::string body;
    Poco::Net::HTTPResponse response;
    std::string header(const std::string& name) const { return response.get(name, ""); }
    // The Set-Cookie header that sets `name`, as sent.
    std::string setCookie(const std::string& name) const
    {
        for (auto it = response.find("Set-Cookie"); it != response.end(); ++it) {
            if (Poco::icompare(it->first, "Set-Cookie") != 0)
                break;
            if (it->second.rfind(name + "=", 0) == 0)
                return it->second;
        }
        return {};
    }
};

// One browser: it keeps the cookies the portal sets and sends them back.
class HttpBrowser
{
public:
    explicit HttpBrowser(host::Portal& portal) : _portal(&portal) {}
    // A browser of a server in another process (a real molard) on this loopback port.
    explicit HttpBrowser(int port) : _port(port) {}

    Answer get(const std::string& path) { return request("GET", path, ""); }

    // Posts `form` with the CSRF token of this browser's cookie added.
    Answer post(const std::string& path, const Form& form) { return postRaw(path, withToken(form)); }
    Answer postRaw(const std::string& path, const Form& form)
    {
        std::string body;
        for (const auto& [name, value] : form) {
            std::string encoded;
            Poco::URI::encode(value, "&=+%;/?#", encoded);
            body += (body.empty() ? "" : "&") + name + "=" + encoded;
        }
        return request("POST", path, body);
    }

    // Posts a multipart/form-data body: text fields, then one file, with the CSRF
    // token in its header (as the upload forms' script does).
    Answer postFile(const std::string& path, const Form& fields, const std::string& fileField,
                    const std::string& fileName, const std::string& content,
                    const std::string& accept = "text/html")
    {
        const std::string boundary = "----molar-test-boundary-7d1f";
        std::string body;
        for (const auto& [name, value] : fields)
            body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" +
                    value + "\r\n";
        body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField +
                "\"; filename=\"" + fileName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" +
                content + "\r\n--" + boundary + "--\r\n";
        return request("POST", path, body, "multipart/form-data; boundary=" + boundary, accept);
    }

    // Opens the sign-in page (for the CSRF cookie) and signs in.
    Answer signIn(const std::string& login, const std::string& password)
    {
        if (cookie("molar_csrf").empty())
            get("/sign-in");
        return post("/sign-in", {{"login", login}, {"password", password}});
    }

    std::string cookie(const std::string& name) const
    {
        auto found = _cookies.find(name);
        return found == _cookies.end() ? std::string() : found->second;
    }
    void setCookie(const std::string& name, const std::string& value) { _cookies[name] = value; }
    // A header sent with every request from now on (e.g. what a proxy adds).
    void setHeader(const std::string& name, const std::string& value) { _headers[name] = value; }

    // The CSRF token this browser's pages carry: bound to the session while signed in,
    // the molar_csrf cookie's before.
    std::string csrfToken() const
    {
        const std::string session = cookie("molar_session");
        return session.empty() ? cookie("molar_csrf") : host::sha256Hex("molar-csrf\n" + session);
    }

private:
    Form withToken(Form form) const
    {
        form.emplace_back("_csrf", csrfToken());
        return form;
    }

    Answer request(const std::string& method, const std::string& path, const std::string& body,
                   const std::string& contentType = "application/x-www-form-urlencoded",
                   const std::string& accept = "text/html")
    {
        Poco::Net::HTTPClientSession session("127.0.0.1",
                                             static_cast<Poco::UInt16>(_portal ? _portal->port() : _port));
        session.setTimeout(Poco::Timespan(30, 0));
        Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
        req.set("Accept", accept);
        for (const auto& [name, value] : _headers)
            req.set(name, value);
        if (!_cookies.empty()) {
            Poco::Net::NameValueCollection cookies;
            for (const auto& [name, value] : _cookies)
                cookies.add(name, value);
            req.setCookies(cookies);
        }
        if (method == "POST") {
            req.setContentType(contentType);
            if (contentType.rfind("multipart/", 0) == 0)
                req.set("X-CSRF-Token", csrfToken());
            req.setContentLength(static_cast<std::streamsize>(body.size()));
        }
        session.sendRequest(req) << body;
        Answer answer;
        std::istream& in = session.receiveResponse(answer.response);
        answer.status = static_cast<int>(answer.response.getStatus());
        Poco::StreamCopier::copyToString(in, answer.body);
        std::vector<Poco::Net::HTTPCookie> set;
        answer.response.getCookies(set);
        for (const auto& c : set) {
            if (c.getValue().empty() || c.getMaxAge() == 0)
                _cookies.erase(c.getName());
            else
                _cookies[c.getName()] = c.getValue();
        }
        return answer;
    }

    host::Portal* _portal = nullptr;
    int _port = 0;
    std::map<std::string, std::string> _cookies;
    std::map<std::string, std::string> _headers;
};

} // namespace molar::test

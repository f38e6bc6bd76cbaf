#pragma once

#include "molar/sdk/Sdk.h"

#include <string>

// Greets visitors by name and counts the greetings: one route, one page, one
// migration (the hello_visits table), one event handler, a stylesheet in static/,
// and demo data for `molard --demo-data`.
class HelloPlugin : public molar::sdk::Plugin, public molar::sdk::DemoData
{
public:
    void configure(molar::sdk::Host& host) override;
    void start(molar::sdk::Host& host) override;
    void seedDemoData(molar::sdk::Host& host) override;

private:
    void greet(molar::sdk::Host& host, molar::sdk::Request& request, molar::sdk::Response& response);

    std::string _greeting;
};

#include "app/MolardApp.h"

#include <iostream>

POCO_SERVER_MAIN(molar::host::MolardApp)

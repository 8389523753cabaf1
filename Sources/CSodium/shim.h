// The one header Swift sees for libsodium. Only the Sodium module imports CSodium.
#ifndef NORDGATE_CSODIUM_SHIM_H
#define NORDGATE_CSODIUM_SHIM_H
#include <sodium.h>
#endif

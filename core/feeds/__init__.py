"""Reading feeds: sniffing how a file is written, cleaning its bytes, splitting it into products, all
streaming and hardened against hostile input."""

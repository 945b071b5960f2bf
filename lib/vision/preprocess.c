/* Image preprocessing. (stub: to be written) */

require('@swc-node/register');

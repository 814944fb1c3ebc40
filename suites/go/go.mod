module grbench

go 1.19
